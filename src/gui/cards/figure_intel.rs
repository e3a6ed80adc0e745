//! What the player's side holds on a figure (favours he owes, a file, a threat he
//! remembers, an informer in his circle), the counter-moves it can buy on him, and his
//! loyalties as the side sees them: estimates for another faction's man.

use crate::gui::fog::{estimate_note, loyalty_shown};
use crate::gui::panels::moves;
use crate::model::FactionId;
use crate::model::FigureId;
use crate::scenario::schema::ScenarioData;
use crate::sim::commands::SimCommand;
use crate::sim::intel::Intel;
use crate::sim::intel::orders::IntelOrder;
use crate::sim::intel::view::Viewer;
use crate::sim::people::Standing;
use crate::sim::politics::factions::Breakdown;
use bevy_egui::egui;

/// The side's ledger on the figure and the moves it may buy on him; the orders given.
pub(super) fn holdings(
    ui: &mut egui::Ui,
    (viewer, intel): (&Viewer, &Intel),
    (side, faction): (&str, &str),
    (id, s, holds_office): (&str, &Standing, bool),
    (date, flight): (crate::model::Date, Option<Breakdown>),
) -> Vec<SimCommand> {
    let known = intel.side(side).cloned().unwrap_or_default();
    let ours = s.faction.as_ref().map(FactionId::as_str) == Some(faction);
    ui.separator();
    ui.strong("What your side holds on him");
    let owed = known.owed.get(id).copied().unwrap_or(0);
    let mut lines = Vec::new();
    if owed > 0 {
        lines.push((
            format!(
                "He owes your side {owed} favour{}",
                if owed == 1 { "" } else { "s" }
            ),
            "He remembers: at a plenum he votes with you, as if more loyal.",
        ));
    }
    if known.kompromat.contains(id) {
        lines.push((
            "Your side holds a file on him".to_string(),
            "Use it to make him vote as you say; he will remember who made him.",
        ));
    }
    if known.threatened.contains(id) {
        lines.push((
            "Your side has threatened him".to_string(),
            "He votes with you out of fear, but would gladly join a plot against you.",
        ));
    }
    if known.informers.contains(id) {
        lines.push((
            "Your informer sits in his circle".to_string(),
            "A plot he is in is far likelier to be found out, and its warnings name the informer.",
        ));
    }
    if lines.is_empty() {
        ui.label("Nothing: no debt, no file, no informer.");
    }
    for (text, tip) in lines {
        ui.label(text).on_hover_text(tip);
    }
    let figure = || FigureId::from(id);
    let offered: Vec<(IntelOrder, &str, &str)> = if ours {
        vec![
            (
                IntelOrder::LieLow { figure: figure() },
                "Send him to ground",
                "He gives up his posts and leaves the capital: the leader's suspicion of him mostly fades, and he loses some popularity.",
            ),
            (
                IntelOrder::Flee { figure: figure() },
                "Get him abroad",
                "Gone, his posts fall vacant, the leader's fear grows and your faction loses face; caught at the border, he is arrested.",
            ),
        ]
    } else {
        vec![
            (
                IntelOrder::WinOver { figure: figure() },
                "Win him over with a favour",
                "If he takes it, his loyalty to your faction grows and he owes you: he votes with you at a plenum.",
            ),
            (
                IntelOrder::GatherKompromat { figure: figure() },
                "Dig into his past",
                "If something is found, your side holds a file on him, to use later.",
            ),
            (
                IntelOrder::Blackmail { figure: figure() },
                "Use the file on him",
                "Certain: his loyalty to your faction rises sharply and his fear with it; the file is spent, and he remembers the threat.",
            ),
            (
                IntelOrder::PlaceInformer { figure: figure() },
                "Place an informer close to him",
                "If he does not see through it, your side hears what is planned around him. If he does, he knows who sent the man.",
            ),
        ]
    };
    let truth = s.loyalty.get(faction).copied().unwrap_or(0.0);
    let seen = loyalty_shown(
        viewer,
        intel,
        (id, s.faction.as_ref().map(FactionId::as_str)),
        faction,
        truth,
        date,
    );
    let mut given = Vec::new();
    for (order, label, what) in offered {
        let mut check = moves::check(
            &order,
            intel,
            (side, faction),
            (Some(s), holds_office),
            Some(&seen),
        );
        // A flight's odds are the world's, not the side's: the rules' own breakdown.
        if let (IntelOrder::Flee { .. }, Some(b)) = (&order, &flight) {
            check.odds = percent(b);
        }
        let odds = check.odds_words();
        let b = ui
            .add_enabled(
                check.refusal.is_none(),
                egui::Button::new(format!("{label}{odds}")),
            )
            .on_hover_ui(|ui| moves::tooltip(ui, what, &check));
        let b = match &check.refusal {
            Some(r) => b.on_disabled_hover_text(format!("{r}\n\n{what}")),
            None => b,
        };
        if b.clicked() {
            given.push(moves::command_of(&order));
        }
    }
    given
}

/// A breakdown of chances (0..=1) in percent, as the moves' tooltips show them.
fn percent(b: &Breakdown) -> Breakdown {
    let mut out = Breakdown::default();
    for (what, v) in &b.parts {
        out.add(what.clone(), v * 100.0);
    }
    out.total = b.total * 100.0;
    out
}

/// The figure's loyalties as the viewer sees them: a bar at the middle of the range,
/// and the range itself where it is an estimate.
pub(super) fn loyalties(
    ui: &mut egui::Ui,
    data: &ScenarioData,
    (viewer, intel): (&Viewer, &Intel),
    id: &str,
    s: &Standing,
    date: crate::model::Date,
) {
    ui.separator();
    ui.strong("Loyalties");
    let mut estimated = false;
    for (fid, v) in &s.loyalty {
        let name = data
            .faction(fid.as_str())
            .map_or(fid.as_str(), |x| x.name.as_str());
        let shown = loyalty_shown(
            viewer,
            intel,
            (id, s.faction.as_ref().map(FactionId::as_str)),
            fid.as_str(),
            *v,
            date,
        );
        estimated |= !shown.exact();
        let mid = (shown.lo + shown.hi) / 2.0;
        let bar = ui.add(
            egui::ProgressBar::new((mid + 100.0) / 200.0)
                .text(format!("{name}: {}", shown.short())),
        );
        if !shown.exact() {
            bar.on_hover_text(&shown.why);
        }
    }
    if estimated {
        ui.small("Ranges are estimates: he is not one of your men.")
            .on_hover_text(estimate_note(viewer, intel));
    }
}
