use bevy::prelude::*;
use congress_of_victors::headless_run;
use congress_of_victors::sim::advance_until;
use congress_of_victors::sim::calendar::Date;
use congress_of_victors::sim::commands::CommandLog;
use congress_of_victors::sim::congress::CongressVote;
use congress_of_victors::sim::institutions::Office;

fn holders(app: &mut App, key: &str) -> Vec<String> {
    let world = app.world_mut();
    world
        .query::<&Office>()
        .iter(world)
        .find(|o| o.key == key)
        .map(|o| o.holders.clone())
        .unwrap_or_default()
}

#[test]
fn over_200_seeds_stalin_is_most_rejected_and_kirov_least() {
    let data = crate::flagship();
    let after_vote: Date = "1934-02-12".parse().unwrap();
    let (mut stalin_most, mut kirov_fewest, mut accepted, mut refused) = (0, 0, 0, 0);
    let mut accepted_seed = None;
    let mut refused_seed = None;
    for seed in 0..200u64 {
        let mut app = headless_run(&data, seed);
        advance_until(app.world_mut(), after_vote);
        let vote = app.world().resource::<CongressVote>().clone();
        assert!(vote.date.is_some(), "seed {seed}: no ballot");
        if vote.most_against.as_deref() == Some("stalin") {
            stalin_most += 1;
            // The leader's commission hides his count below everyone else's.
            assert!(
                vote.announced["stalin"] < vote.against["kirov"].max(1),
                "seed {seed}: {vote:?}"
            );
        }
        if vote.fewest_against.as_deref() == Some("kirov") {
            kirov_fewest += 1;
        }
        match vote.offer.as_deref() {
            Some("accepted") => {
                accepted += 1;
                accepted_seed.get_or_insert(seed);
                assert_eq!(
                    holders(&mut app, "secretariat.general_secretary"),
                    vec!["kirov".to_string()],
                    "seed {seed}"
                );
            }
            Some("refused") => {
                refused += 1;
                refused_seed.get_or_insert(seed);
                assert_eq!(
                    holders(&mut app, "secretariat.general_secretary"),
                    vec!["stalin".to_string()],
                    "seed {seed}"
                );
            }
            other => assert_ne!(
                vote.most_against.as_deref(),
                Some("stalin"),
                "seed {seed}: offer {other:?}"
            ),
        }
        // The AI never issues a command the rules reject.
        let log = app.world().resource::<CommandLog>();
        assert_eq!(log.rejected().count(), 0, "seed {seed}: {:?}", log.entries);
    }
    println!(
        "200 seeds: Stalin most against {stalin_most}, Kirov fewest {kirov_fewest}, Kirov accepts {accepted}, refuses {refused}"
    );
    assert!(
        stalin_most > 140,
        "Stalin most rejected in only {stalin_most} of 200"
    );
    assert!(
        kirov_fewest > 100,
        "Kirov least rejected in only {kirov_fewest} of 200"
    );
    assert!(
        accepted > 0 && refused > 0,
        "both branches must happen: {accepted} accepted, {refused} refused"
    );
}
