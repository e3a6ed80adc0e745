//! Storming a site of the capital: the unit card and the order's handler ask the same
//! rule, `seize_refusal`, and the handler refuses with the rule's reason.

use congress_of_victors::headless_run;
use congress_of_victors::sim::commands::{CommandLog, CommandQueue, SimCommand};
use congress_of_victors::sim::forces::orders::{SeizeRefusal, seize_refusal};
use congress_of_victors::sim::run_tick;

#[test]
fn the_seize_rule_refuses_in_order_and_the_handler_gives_its_reason() {
    let data = crate::flagship();
    let capital = &data.scenario.capital;
    let is_site = |id: &str| data.common.sites.iter().any(|s| s.id == id);
    let site = capital
        .iter()
        .find(|c| is_site(c))
        .expect("a site in the capital");
    let region = capital
        .iter()
        .find(|c| !is_site(c))
        .expect("a region in the capital");
    let outside = (data.common.sites.iter())
        .find(|s| !capital.contains(&s.id))
        .map(|s| s.id.clone())
        .expect("a site outside the capital");
    let side = &data.scenario.sides[0];
    let f = Some(side.faction.as_str());
    use SeizeRefusal as R;
    assert_eq!(seize_refusal(&data, None, site, 500, 2), Some(R::NoFaction));
    assert_eq!(
        seize_refusal(&data, f, &outside, 500, 2),
        Some(R::NotInCapital)
    );
    assert_eq!(seize_refusal(&data, f, region, 500, 2), Some(R::NotASite));
    assert_eq!(seize_refusal(&data, f, site, 0, 2), Some(R::NobodyHolds));
    assert_eq!(seize_refusal(&data, f, site, 500, 0), Some(R::NoUnits));
    assert_eq!(seize_refusal(&data, f, site, 500, 2), None);

    // The handler refuses a region and a far site with the rule's own words.
    let mut app = headless_run(&data, 1);
    let world = app.world_mut();
    for place in [region.clone(), outside.clone()] {
        world
            .resource_mut::<CommandQueue>()
            .push(side.id.as_str(), SimCommand::SeizeSite { site: place });
    }
    run_tick(world);
    let rejected: Vec<Option<String>> = (world.resource::<CommandLog>().entries.iter())
        .filter(|e| matches!(e.command, SimCommand::SeizeSite { .. }))
        .map(|e| e.rejected.clone())
        .collect();
    assert_eq!(
        rejected,
        vec![
            Some(R::NotASite.reason(&format!("`{region}`"))),
            Some(R::NotInCapital.reason(&format!("`{outside}`"))),
        ]
    );
}
