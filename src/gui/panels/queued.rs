//! The player's orders given and not yet carried out: they wait for the next tick (all
//! the while the game is paused), listed at the top of the right panel, each with a ×
//! that takes it back before the rules see it.

use crate::gui::cards::place_name;
use crate::gui::panels::Orders;
use crate::scenario::schema::ScenarioData;
use crate::sim::commands::SimCommand;
use crate::sim::politics::council::describe_motion;
use bevy_egui::egui;

/// The queued orders, each with its ×; nothing when none waits.
pub fn queued_section(
    ui: &mut egui::Ui,
    data: &ScenarioData,
    today: crate::model::Date,
    orders: &mut Orders,
) {
    let queued = orders.queued();
    if queued.is_empty() {
        return;
    }
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.strong("Queued for the next day")
            .on_hover_text("Orders are carried out when the clock next moves. × takes one back: it is never given.");
        for command in &queued {
            ui.horizontal_wrapped(|ui| {
                if ui
                    .small_button("×")
                    .on_hover_text("Take this order back")
                    .clicked()
                {
                    orders.withdraw(command);
                }
                ui.label(order_text(data, today, command));
            });
        }
    });
    ui.add_space(4.0);
}

/// A button for an order. While the same order waits in the queue it is marked and
/// disabled, and says when it will be carried out; while the rules would refuse it
/// (`why_not` not empty) it is disabled and says why.
pub fn order_button(ui: &mut egui::Ui, label: &str, queued: bool, why_not: &str) -> egui::Response {
    if queued {
        ui.add_enabled(false, egui::Button::new(format!("{label} ✔ queued")))
            .on_disabled_hover_text(
                "Queued: carried out when the clock next moves (the next day, or the next hour \
                 while a battle is fought). Take it back with × in \"Queued for the next day\" \
                 at the top of the right panel.",
            )
    } else {
        ui.add_enabled(why_not.is_empty(), egui::Button::new(label))
            .on_disabled_hover_text(why_not)
    }
}

/// An id as the player knows it: a figure's, an office's, a unit's or a place's name.
fn known_as(data: &ScenarioData, id: &str) -> String {
    data.figure(id)
        .map(|f| f.name.clone())
        .or_else(|| data.office(id).map(|o| o.name.clone()))
        .or_else(|| {
            data.scenario
                .units
                .iter()
                .find(|u| u.id == id)
                .map(|u| u.name.clone())
        })
        .unwrap_or_else(|| place_name(data, id))
}

/// An order in words.
pub fn order_text(data: &ScenarioData, today: crate::model::Date, command: &SimCommand) -> String {
    let n = |id: &str| known_as(data, id);
    use SimCommand as C;
    match command {
        C::Appoint { office, figure } => {
            format!("Appoint {} as {}", n(figure.as_str()), n(office.as_str()))
        }
        C::Dismiss { office, figure } => {
            format!("Dismiss {} as {}", n(figure.as_str()), n(office.as_str()))
        }
        C::Decide { .. } => "An answer to a decision".into(),
        C::Arrest { figure } => format!("Arrest {}", n(figure.as_str())),
        C::StartPlot { organiser, goal } if goal == "coup" => {
            format!("A coup organised by {}", n(organiser.as_str()))
        }
        C::StartPlot { organiser, .. } => format!("A plot organised by {}", n(organiser.as_str())),
        C::StrikePlot { .. } => "Your plot strikes".into(),
        C::Recruit { figure, .. } => format!("Ask {} into your plot", n(figure.as_str())),
        C::Denounce { figure } => format!("Denounce {}", n(figure.as_str())),
        C::Pardon { figure } => format!("Pardon {}", n(figure.as_str())),
        C::MoveUnit { unit, to } => format!("March {} to {}", n(unit.as_str()), n(to)),
        C::StandDown { unit } => format!("Stand down {}", n(unit.as_str())),
        C::SeizeSite { site } => format!("Seize {}", n(site)),
        C::Speak { figure, theme } => {
            format!(
                "{} speaks at the Congress: {}",
                n(figure.as_str()),
                theme.label()
            )
        }
        C::Propose { by, motion } => {
            format!(
                "{} moves: {}",
                n(by.as_str()),
                describe_motion(data, motion, today)
            )
        }
        C::ExposePlot { .. } => "Expose a plot".into(),
        C::WinOver { figure } => format!("Win over {}", n(figure.as_str())),
        C::GatherKompromat { figure } => format!("Dig into the past of {}", n(figure.as_str())),
        C::Blackmail { figure } => format!("Blackmail {}", n(figure.as_str())),
        C::PlaceInformer { figure } => format!("Place an informer close to {}", n(figure.as_str())),
        C::LieLow { figure } => format!("{} lies low", n(figure.as_str())),
        C::Flee { figure } => format!("{} tries to flee abroad", n(figure.as_str())),
        C::CallPlenum { .. } => "Call the plenum first".into(),
    }
}
