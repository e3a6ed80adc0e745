//! The chronicle's sentences as content: common/chronicle.ron holds a template for
//! every line the rules write, keyed by the kind of entry and the line's name, with
//! named placeholders the rules fill in. A mod may override any template.

use super::diagnostics::{Diagnostic, locate, suggest};
use super::load::{Content, Sources, load_chronicle};
use super::mods::Origins;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// What a chronicle entry records, for filters and alerts. Serialized as the same
/// lowercase words saves and replays have always held.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum ChronicleKind {
    #[default]
    Start,
    Appointment,
    Move,
    Country,
    Speech,
    Bonds,
    Congress,
    Council,
    Event,
    Defection,
    Arrest,
    Release,
    Purge,
    Battle,
    Plenum,
    Coup,
    Trial,
    Ruler,
    Plot,
    Denunciation,
    Confession,
    /// What a side learns of the threats against it: its alerts, never the chronicle's.
    Intel,
    /// The invasion and the campaign that follows.
    War,
    /// The leader's reasons to fear, shown with his paranoia; never the chronicle's.
    Paranoia,
    /// The agenda's moves in words: shown in the agenda, never the chronicle's.
    Agenda,
}

impl ChronicleKind {
    pub const ALL: [ChronicleKind; 25] = [
        Self::Start,
        Self::Appointment,
        Self::Move,
        Self::Country,
        Self::Speech,
        Self::Bonds,
        Self::Congress,
        Self::Council,
        Self::Event,
        Self::Defection,
        Self::Arrest,
        Self::Release,
        Self::Purge,
        Self::Battle,
        Self::Plenum,
        Self::Coup,
        Self::Trial,
        Self::Ruler,
        Self::Plot,
        Self::Denunciation,
        Self::Confession,
        Self::Intel,
        Self::War,
        Self::Paranoia,
        Self::Agenda,
    ];

    /// The word saves, filters and content use for the kind.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Start => "start",
            Self::Appointment => "appointment",
            Self::Move => "move",
            Self::Country => "country",
            Self::Speech => "speech",
            Self::Bonds => "bonds",
            Self::Congress => "congress",
            Self::Council => "council",
            Self::Event => "event",
            Self::Defection => "defection",
            Self::Arrest => "arrest",
            Self::Release => "release",
            Self::Purge => "purge",
            Self::Battle => "battle",
            Self::Plenum => "plenum",
            Self::Coup => "coup",
            Self::Trial => "trial",
            Self::Ruler => "ruler",
            Self::Plot => "plot",
            Self::Denunciation => "denunciation",
            Self::Confession => "confession",
            Self::Intel => "intel",
            Self::War => "war",
            Self::Paranoia => "paranoia",
            Self::Agenda => "agenda",
        }
    }
}

impl std::fmt::Display for ChronicleKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Declares the lines the rules write: each with its kind, its name in the file and
/// the placeholders its template may use.
macro_rules! lines {
    ($($variant:ident => $kind:ident . $key:literal [$($ph:literal),*],)*) => {
        /// One sentence the rules write into the chronicle.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
        pub enum Line {
            $($variant,)*
        }

        impl Line {
            pub const ALL: &'static [Line] = &[$(Line::$variant,)*];

            pub fn kind(self) -> ChronicleKind {
                match self {
                    $(Line::$variant => ChronicleKind::$kind,)*
                }
            }

            /// The line's name under its kind in chronicle.ron.
            pub fn key(self) -> &'static str {
                match self {
                    $(Line::$variant => $key,)*
                }
            }

            /// The placeholders the rules fill in for this line.
            pub fn placeholders(self) -> &'static [&'static str] {
                match self {
                    $(Line::$variant => &[$($ph),*],)*
                }
            }
        }
    };
}

lines! {
    Begins => Start."begins" ["scenario"],
    Appointed => Appointment."appointed" ["figure", "office"],
    Dismissed => Appointment."dismissed" ["figure", "office"],
    TakesPost => Appointment."takes_post" ["figure", "office"],
    Arrives => Move."arrives" ["unit", "place"],
    OrdersFail => Move."orders_fail" ["unit", "reason"],
    Criticism => Speech."criticism" ["figure"],
    Praise => Speech."praise" ["figure"],
    Programme => Speech."programme" ["figure"],
    FallReaches => Bonds."fall_reaches" ["figure", "bound"],
    Elected => Congress."elected" ["most", "most_votes", "fewest", "fewest_votes"],
    Announced => Congress."announced" ["votes", "leader"],
    OfferAccepted => Congress."offer_accepted" ["candidate", "leader"],
    OfferRefused => Congress."offer_refused" ["candidate", "leader"],
    MotionAdopted => Council."adopted" ["council", "mover", "motion", "votes_for", "votes_against"],
    MotionRejected => Council."rejected" ["council", "mover", "motion", "votes_for", "votes_against"],
    Answer => Event."answer" ["title", "option"],
    AnswerAfterMark => Event."answer_after_mark" ["title", "option"],
    GoesOver => Defection."goes_over" ["figure", "faction"],
    GoesOverAsSiteFills => Defection."as_site_fills" ["figure", "faction", "site"],
    Arrested => Arrest."arrested" ["figure"],
    OnSuspicion => Arrest."on_suspicion" ["figure"],
    NamedBy => Arrest."named_by" ["figure", "by"],
    Conspirator => Arrest."conspirator" ["figure", "organiser"],
    AfterFailedAttempt => Arrest."after_failed_attempt" ["figure"],
    NewGovernmentArrests => Arrest."new_government" ["figure"],
    ArrestOnOrders => Arrest."on_orders" ["figure", "side"],
    SetFree => Release."set_free" ["figure"],
    Pardoned => Release."pardoned" ["figure"],
    Expelled => Purge."expelled" ["count", "faction", "institution"],
    NoAttack => Battle."no_attack" ["site"],
    StaysInBarracks => Battle."stays_in_barracks" ["unit"],
    TurnsOnPlotters => Battle."turns_on_plotters" ["unit"],
    Undefended => Battle."undefended" ["site"],
    BattleWon => Battle."won" ["battle", "attacker_men", "attacker_tanks", "defender_men", "hours", "attacker_dead", "defender_dead"],
    BattleRepulsed => Battle."repulsed" ["battle", "attacker_men", "attacker_tanks", "defender_men", "hours", "attacker_dead", "defender_dead"],
    BattleSide => Battle."side" ["figure"],
    CapitalBattle => Battle."for_the_capital" [],
    PlenumVote => Plenum."vote" ["organiser", "leader", "yes", "no"],
    PlenumCalledFirst => Plenum."called_first" ["leader", "organiser"],
    PlenumCalledOnNothing => Plenum."called_on_nothing" ["leader"],
    RulerFalls => Coup."ruler_falls" ["leader", "fate", "heir"],
    TakesArmy => Coup."takes_army" ["figure"],
    TakesPolice => Coup."takes_police" ["figure"],
    Executed => Trial."executed" ["figure"],
    Imprisoned => Trial."imprisoned" ["figure"],
    Exiled => Trial."exiled" ["figure"],
    Acquitted => Trial."acquitted" ["figure"],
    NowRules => Ruler."now_rules" ["figure"],
    Joins => Plot."joins" ["figure"],
    RefusesAndInforms => Plot."refuses_and_informs" ["figure"],
    RefusesSilently => Plot."refuses_silently" ["figure"],
    Uncovered => Plot."uncovered" ["organiser", "members"],
    ReportsOrganiser => Denunciation."reports_organiser" ["figure", "organiser"],
    Informer => Denunciation."informer" ["figure", "side"],
    Names => Confession."names" ["figure", "named"],
    IntelPlot => Intel."plot" ["source", "organiser", "leader", "members", "left"],
    IntelPlotOpen => Intel."plot_open" ["source", "organiser", "leader", "members", "left"],
    IntelPlenum => Intel."plenum" ["source", "organiser", "left"],
    IntelTroops => Intel."troops" ["source", "organiser", "left"],
    IntelArrestList => Intel."arrest_list" ["source", "figure", "left"],
    IntelTrial => Intel."trial" ["figure", "left"],
    IntelExposed => Intel."exposed" ["source", "organiser"],
    IntelMarch => Intel."march" ["unit", "site", "faction"],
    IntelRecruited => Intel."recruited" ["source", "figure", "organiser"],
    SourcePolice => Intel."source_police" ["chief"],
    SourceInformer => Intel."source_informer" ["figure"],
    SourceApparatus => Intel."source_apparatus" [],
    SourceGossip => Intel."source_gossip" [],
    SourceOpen => Intel."source_open" [],
    LeftDays => Intel."left_days" ["n"],
    LeftWeeks => Intel."left_weeks" ["n"],
    LeftMonths => Intel."left_months" [],
    PlotExposed => Plot."exposed_in_press" ["organiser", "side"],
    ExposureFails => Plot."exposure_fails" ["organiser", "side"],
    LiesLow => Plot."lies_low" ["figure"],
    WonOver => Plot."won_over" ["figure", "side"],
    Blackmailed => Plot."blackmailed" ["figure", "side"],
    TroopsSeen => Move."troops_seen" ["unit", "site"],
    WarBegins => War."begins" ["strength", "surprise"],
    PlaceFalls => War."falls" ["place"],
    PlaceBesieged => War."besieged" ["place"],
    WarWinter => War."winter" ["losses", "captured", "held"],
    FearCrossedOut => Paranoia."crossed_out" ["votes"],
    FearUncovered => Paranoia."uncovered" [],
    FearStruckAndFailed => Paranoia."struck_and_failed" [],
    FearExposedInPress => Paranoia."exposed_in_press" [],
    FearMarching => Paranoia."marching" ["unit", "site"],
    FearFled => Paranoia."fled" ["figure"],
    FledAbroad => Plot."fled_abroad" ["figure"],
    CaughtFleeing => Arrest."caught_fleeing" ["figure"],
    AgendaStanding => Agenda."standing" ["ruler", "share", "leadership"],
    AgendaLeadership => Agenda."and_the_leadership" [],
    AgendaNobody => Agenda."nobody" [],
    AgendaCost => Agenda."cost" ["why", "n"],
    AgendaCostOne => Agenda."cost_one" ["why"],
    AgendaInformer => Agenda."informer" ["figure"],
    AgendaInformerWhy => Agenda."informer_why" [],
    AgendaArrest => Agenda."arrest" ["figure"],
    AgendaArrestFirm => Agenda."arrest_firm" [],
    AgendaArrestGossip => Agenda."arrest_gossip" [],
    AgendaCouncilArrest => Agenda."council_arrest" ["figure", "council"],
    AgendaCouncilArrestWhy => Agenda."council_arrest_why" ["council"],
    AgendaStrikeArrest => Agenda."strike_first_arrest" ["figure"],
    AgendaStrikeArrestWhy => Agenda."strike_first_arrest_why" ["left", "suspicion"],
    AgendaExpose => Agenda."expose" ["figure"],
    AgendaExposeWhy => Agenda."expose_why" [],
    AgendaWinBeforePlenum => Agenda."win_before_plenum" ["figure"],
    AgendaWinVotes => Agenda."win_votes" [],
    AgendaToGround => Agenda."to_ground" ["figure"],
    AgendaToGroundForgets => Agenda."to_ground_forgets" [],
    AgendaToGroundHeadless => Agenda."to_ground_headless" [],
    AgendaToGroundRecruited => Agenda."to_ground_recruited" ["figure"],
    AgendaToGroundOutOfReach => Agenda."to_ground_out_of_reach" [],
    AgendaWinChief => Agenda."win_chief" ["figure"],
    AgendaWinChiefWhy => Agenda."win_chief_why" [],
    AgendaStrikeNow => Agenda."strike_now" ["figure"],
    AgendaStrikeNowWhy => Agenda."strike_now_why" ["ready"],
    AgendaStrikeFirst => Agenda."strike_first" ["figure"],
    AgendaStrikeFirstWhy => Agenda."strike_first_why" ["count", "ready"],
    AgendaPlenumCount => Agenda."plenum_count" ["yes", "no"],
    AgendaGarrisonCount => Agenda."garrison_count" ["ours", "marching", "theirs"],
    AgendaFlee => Agenda."flee" ["figure"],
    AgendaFleeWhy => Agenda."flee_why" ["odds"],
    AgendaPardon => Agenda."pardon" ["figure"],
    AgendaPardonWhy => Agenda."pardon_why" [],
    AgendaGuard => Agenda."guard" ["unit", "site"],
    AgendaGuardWhy => Agenda."guard_why" ["men"],
    AgendaMeet => Agenda."meet" ["unit", "site", "marcher"],
    AgendaMeetWhy => Agenda."meet_why" ["men", "their_men"],
    AgendaArrestCommander => Agenda."arrest_commander" ["figure", "unit"],
    AgendaArrestCommanderWhy => Agenda."arrest_commander_why" [],
    AgendaDecide => Agenda."decide" ["title"],
    AgendaDecideWhy => Agenda."decide_why" [],
    AgendaWinOver => Agenda."win_over" ["figure"],
    AgendaWinOverWhy => Agenda."win_over_why" [],
    AgendaSeeInformer => Agenda."see_informer_why" [],
    AgendaDig => Agenda."dig" ["figure"],
    AgendaDigWhy => Agenda."dig_why" [],
    AgendaUseFile => Agenda."use_file" ["figure"],
    AgendaUseFileWhy => Agenda."use_file_why" [],
    AgendaSpoken => Agenda."spoken" [],
    AgendaSpokenWhy => Agenda."spoken_why" [],
    AgendaSpeaks => Agenda."speaks" ["figure"],
    AgendaPraiseWhy => Agenda."praise_why" [],
    AgendaCriticismWhy => Agenda."criticism_why" [],
    AgendaStartPlot => Agenda."start_plot" ["figure"],
    AgendaStartPlotWhy => Agenda."start_plot_why" [],
    AgendaAsk => Agenda."ask" ["figure", "organiser"],
    AgendaAskWhy => Agenda."ask_why" ["ready"],
    AgendaCallPlenum => Agenda."call_plenum" ["organiser"],
    AgendaCallPlenumWhy => Agenda."call_plenum_why" ["organiser", "yes", "no"],
    AgendaFlightOdds => Agenda."flight_odds" ["total", "parts"],
    AgendaFlightPart => Agenda."flight_part" ["what", "value"],
    AgendaFlightBase => Agenda."flight_base" [],
    AgendaFlightReach => Agenda."flight_reach" [],
    AgendaFlightFar => Agenda."flight_far" [],
    AgendaFlightWatched => Agenda."flight_watched" [],
}

/// The templates, by kind and line name (common/chronicle.ron, and the mods' own).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ChronicleTemplates(pub BTreeMap<ChronicleKind, BTreeMap<String, String>>);

impl ChronicleTemplates {
    pub fn get(&self, line: Line) -> Option<&str> {
        self.0
            .get(&line.kind())
            .and_then(|m| m.get(line.key()))
            .map(String::as_str)
    }

    /// The line's sentence with its placeholders filled. Loaded content always has the
    /// template; content built by hand without one gets the line's name, so that the
    /// gap shows rather than an empty entry.
    pub fn sentence(&self, line: Line, vars: &[(&str, &str)]) -> String {
        let Some(template) = self.get(line) else {
            return format!("{}.{}", line.kind(), line.key());
        };
        fill(template, vars)
    }

    /// Lays `other`'s templates over these, line by line (a mod's overrides).
    pub fn overlay(&mut self, other: ChronicleTemplates) {
        for (kind, lines) in other.0 {
            self.0.entry(kind).or_default().extend(lines);
        }
    }
}

/// Replaces each `{name}` in one pass, so that a value holding braces stays as it is.
fn fill(template: &str, vars: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match vars.iter().find(|(k, _)| *k == name) {
                    Some((_, v)) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The placeholders a template names, with their byte offsets; an unclosed brace is
/// an error with its offset.
fn placeholders(template: &str) -> Result<Vec<(usize, &str)>, usize> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(open) = template[at..].find('{') {
        let open = at + open;
        let close = template[open..].find('}').ok_or(open)? + open;
        out.push((open, &template[open + 1..close]));
        at = close + 1;
    }
    Ok(out)
}

/// Checks a chronicle file's lines and placeholders against what the rules write.
pub fn check(path: &Path, text: &str, templates: &ChronicleTemplates) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (kind, lines) in &templates.0 {
        let kind_at = locate(text, &format!("{kind}:"), 0).map_or(0, |(_, _, at)| at);
        let known: Vec<&str> = Line::ALL
            .iter()
            .filter(|l| l.kind() == *kind)
            .map(|l| l.key())
            .collect();
        for (key, template) in lines {
            let (line, col, key_at) =
                locate(text, &format!("\"{key}\""), kind_at).unwrap_or((0, 0, 0));
            let Some(l) = Line::ALL
                .iter()
                .find(|l| l.kind() == *kind && l.key() == key)
            else {
                out.push(
                    Diagnostic::error(
                        path,
                        line,
                        col,
                        format!("unknown chronicle line `{kind}.{key}`"),
                    )
                    .with_suggestion(
                        suggest(key, known.iter().copied()).or_else(|| {
                            Some(format!("the lines of `{kind}` are: {}", known.join(", ")))
                        }),
                    ),
                );
                continue;
            };
            match placeholders(template) {
                Err(_) => out.push(Diagnostic::error(
                    path,
                    line,
                    col,
                    format!("chronicle line `{kind}.{key}` has a `{{` that is never closed"),
                )),
                Ok(names) => {
                    for (_, name) in names {
                        if l.placeholders().contains(&name) {
                            continue;
                        }
                        let (pl, pc) = locate(text, &format!("{{{name}}}"), key_at)
                            .map_or((line, col), |(a, b, _)| (a, b));
                        out.push(
                            Diagnostic::error(
                                path,
                                pl,
                                pc,
                                format!(
                                    "chronicle line `{kind}.{key}` has no placeholder `{{{name}}}`"
                                ),
                            )
                            .with_suggestion(Some(format!(
                                "it may use: {}",
                                l.placeholders()
                                    .iter()
                                    .map(|p| format!("{{{p}}}"))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ))),
                        );
                    }
                }
            }
        }
    }
    out
}

/// Lays a mod's common/chronicle.ron over the templates so far, each line it gives
/// remembered as the mod's (errors about it then name the mod's file).
pub(super) fn apply_mod(dir: &Path, content: &mut Content, origins: &mut Origins) {
    let file = dir.join("common").join("chronicle.ron");
    if !file.exists() {
        return;
    }
    let file = match super::mods::inside(dir, &file) {
        Ok(f) => f,
        Err(d) => return content.diagnostics.push(d),
    };
    let mut sources = Sources::default();
    let templates = load_chronicle(&file, &mut sources, &mut content.diagnostics);
    content.sources.texts.extend(sources.texts);
    for (kind, lines) in &templates.0 {
        for key in lines.keys() {
            origins.insert(("chronicle".into(), format!("{kind}.{key}")), file.clone());
        }
    }
    content.common.chronicle.overlay(templates);
}

/// Every line the rules write that the templates lack, as errors on `path`.
pub fn check_complete(path: &Path, templates: &ChronicleTemplates) -> Vec<Diagnostic> {
    Line::ALL
        .iter()
        .filter(|l| templates.get(**l).is_none())
        .map(|l| {
            Diagnostic::error(
                path,
                0,
                0,
                format!(
                    "the chronicle has no template for `{}.{}`",
                    l.kind(),
                    l.key()
                ),
            )
            .with_suggestion(Some(format!(
                "add `{}: {{ \"{}\": \"...\" }}`; {}",
                l.kind(),
                l.key(),
                if l.placeholders().is_empty() {
                    "it takes no placeholders".to_string()
                } else {
                    format!(
                        "it may use: {}",
                        l.placeholders()
                            .iter()
                            .map(|p| format!("{{{p}}}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                }
            )))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_named_placeholders_once() {
        assert_eq!(
            fill("{a} and {b}, {a}; {c}", &[("a", "x{b}"), ("b", "y")]),
            "x{b} and y, x{b}; {c}"
        );
        assert_eq!(fill("no close {a", &[("a", "x")]), "no close {a");
    }

    #[test]
    fn an_unknown_line_or_placeholder_is_an_error_at_its_place() {
        let text = "{\n    arrest: {\n        \"arrested\": \"{figure} is taken by {who}.\",\n        \"arested\": \"x\",\n    },\n}\n";
        let t: ChronicleTemplates = ron::from_str(text).unwrap();
        let d = check(Path::new("c.ron"), text, &t);
        assert_eq!(d.len(), 2, "{d:?}");
        assert!(d[0].message.contains("`arrest.arested`"), "{d:?}");
        assert_eq!((d[0].line, d[0].column), (4, 9));
        assert_eq!(d[0].suggestion.as_deref(), Some("did you mean `arrested`?"));
        assert!(d[1].message.contains("`{who}`"), "{d:?}");
        assert_eq!((d[1].line, d[1].column), (3, 43));
    }

    #[test]
    fn every_kind_is_listed_and_serializes_as_its_word() {
        for k in ChronicleKind::ALL {
            let json = serde_json::to_string(&k).unwrap();
            assert_eq!(json, format!("\"{}\"", k.as_str()));
            assert_eq!(serde_json::from_str::<ChronicleKind>(&json).unwrap(), k);
        }
        for l in Line::ALL {
            assert!(ChronicleKind::ALL.contains(&l.kind()));
        }
    }
}
