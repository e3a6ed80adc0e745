//! The article's pictures, chosen where a reader would rather look than read: the map
//! of who held each region at the run's turning points, the front of 1941, the
//! factions' power and the arrests month by month, and who fell with whom. Each is
//! an SVG file named after the run, linked from the Markdown and embedded in the HTML.

use super::article::{Run, fill};
use super::purges::Wave;
use super::svg::{self, Branch, Frame, Mark, MarkShape, Series};
use crate::model::{Date, FigureStatus};
use crate::scenario::map::{Lcc, MapData};
use crate::sim::reckoning::Reckoning;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The pictures' words. Placeholders are listed in article.ron.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PictureTemplates {
    pub map_caption: String,
    pub map_nobody: String,
    pub front_caption: String,
    pub front_lost: String,
    pub front_held: String,
    pub power_title: String,
    pub power_caption: String,
    pub arrests_title: String,
    pub arrests_caption: String,
    pub family_title: String,
    pub family_caption: String,
}

/// One picture: its file's name, its caption, and the SVG itself.
pub struct Picture {
    pub file: String,
    pub caption: String,
    pub svg: String,
}

const MAP_W: u32 = 640;
const MAP_H: u32 = 440;
/// How much a faction's colour is paled on the maps, as the game's map pales it.
const PALE: f32 = 0.35;

/// The pictures drawn so far, and what drawing them needs.
pub struct Pictures<'a> {
    run: &'a Run<'a>,
    t: &'a PictureTemplates,
    map: Option<Arc<MapData>>,
    list: Vec<Picture>,
    /// The control moments already drawn: each turning point's map once.
    drawn: Vec<Date>,
}

impl<'a> Pictures<'a> {
    pub fn new(run: &'a Run<'a>, t: &'a PictureTemplates) -> Self {
        Self {
            run,
            t,
            map: crate::scenario::map::shared_map(),
            list: Vec::new(),
            drawn: Vec::new(),
        }
    }

    pub fn done(self) -> Vec<Picture> {
        self.list
    }

    /// Adds a picture and gives the Markdown that shows it.
    fn add(&mut self, kind: &str, caption: String, svg: String) -> String {
        let file = format!("{}-{kind}.svg", self.run.stem());
        let line = format!("![{caption}]({file})");
        self.list.push(Picture { file, caption, svg });
        line
    }

    fn frame(&self, map: &MapData) -> Option<Frame> {
        let view = crate::scenario::map::map_setting().ok()?.view;
        Some(Frame::of(map, view, MAP_W, MAP_H))
    }

    /// The map of control as it stood on `date`, unless that moment is drawn already.
    pub fn control_map(&mut self, date: Date) -> Option<String> {
        if self.t.map_caption.is_empty() {
            return None;
        }
        let run = self.run;
        // Before the first record (taken on the run's first tick), the first record.
        let (moment, control) = run
            .control
            .moments
            .iter()
            .rev()
            .find(|(d, _)| *d <= date)
            .or(run.control.moments.first())?;
        if self.drawn.contains(moment) {
            return None;
        }
        self.drawn.push(*moment);
        let map = self.map.clone()?;
        let frame = self.frame(&map)?;
        let colour_of = |f: &str| run.data.faction(f).map(|x| svg::colour(x.color, PALE));
        let fill = |region: &str| control.get(region).and_then(|f| colour_of(f));
        let mut legend: Vec<(String, String)> = Vec::new();
        let mut held: Vec<&String> = control.values().collect();
        held.sort();
        held.dedup();
        for f in held {
            if let Some(c) = colour_of(f) {
                legend.push((c, run.faction_name(f)));
            }
        }
        legend.push(("#c9c5bc".into(), self.t.map_nobody.clone()));
        let marks: Vec<Mark> = run
            .battles
            .0
            .iter()
            .filter(|(d, _)| *d <= *moment)
            .filter_map(|(_, r)| {
                let site = map.sites.iter().find(|s| s.id == r.site)?;
                Some(Mark {
                    at: site.pos,
                    label: run.site_name(&r.site),
                    shape: MarkShape::Dot,
                })
            })
            .collect();
        let svg = svg::map(&map, &frame, &fill, &marks, &legend);
        let mut vars = BTreeMap::new();
        vars.insert("date", moment.long());
        let caption = fill_caption(&self.t.map_caption, &vars);
        Some(self.add(&format!("map-{moment}"), caption, svg))
    }

    /// The front of 1941: the regions lost, the cities taken and besieged.
    pub fn front(&mut self, r: &Reckoning) -> Option<String> {
        if self.t.front_caption.is_empty() {
            return None;
        }
        let map = self.map.clone()?;
        let frame = self.frame(&map)?;
        let lcc = Lcc::from_proj(&map.projection)?;
        let lost = svg::colour((139, 26, 26), 0.55);
        let held = svg::colour((180, 170, 150), 0.5);
        let fill = |region: &str| {
            Some(if r.regions_lost.iter().any(|x| x == region) {
                lost.clone()
            } else {
                held.clone()
            })
        };
        let places: BTreeMap<&str, (f32, f32)> = self
            .run
            .data
            .common
            .reckoning
            .as_ref()
            .map(|d| {
                d.axes
                    .iter()
                    .flat_map(|a| a.places.iter())
                    .filter_map(|p| Some((p.id.as_str(), p.at?)))
                    .collect()
            })
            .unwrap_or_default();
        let marks: Vec<Mark> = r
            .places
            .iter()
            .filter_map(|p| {
                let (lon, lat) = places.get(p.id.as_str())?;
                let shape = if p.fell.is_some() {
                    MarkShape::Cross
                } else if p.besieged.is_some() {
                    MarkShape::Ring
                } else {
                    MarkShape::Dot
                };
                Some(Mark {
                    at: lcc.project(*lon, *lat),
                    label: p.name.clone(),
                    shape,
                })
            })
            .collect();
        let legend = vec![
            (lost.clone(), self.t.front_lost.clone()),
            (held.clone(), self.t.front_held.clone()),
        ];
        let svg = svg::map(&map, &frame, &fill, &marks, &legend);
        let mut vars = BTreeMap::new();
        vars.insert("to", r.date.add_days(i64::from(r.weeks_fought) * 7).long());
        let caption = fill_caption(&self.t.front_caption, &vars);
        Some(self.add("front-1941", caption, svg))
    }

    /// The months' dates as chart positions: (index, year) for each January.
    fn years(&self) -> Vec<(usize, i32)> {
        self.run
            .trends
            .months
            .iter()
            .enumerate()
            .filter(|(_, m)| m.date.month == 1)
            .map(|(i, m)| (i, m.date.year))
            .collect()
    }

    /// Each faction's power, month by month.
    pub fn power(&mut self) -> Option<String> {
        let months = &self.run.trends.months;
        if months.len() < 2 || self.t.power_title.is_empty() {
            return None;
        }
        let mut factions: Vec<&crate::model::FactionId> =
            months.iter().flat_map(|m| m.power.keys()).collect();
        factions.sort();
        factions.dedup();
        let series: Vec<Series> = factions
            .iter()
            .filter_map(|f| {
                let def = self.run.data.faction(f.as_str())?;
                Some(Series {
                    colour: svg::colour(def.color, 0.0),
                    label: def.name.clone(),
                    points: months
                        .iter()
                        .enumerate()
                        .map(|(i, m)| (i as f32, m.power.get(*f).copied().unwrap_or(0.0)))
                        .collect(),
                })
            })
            .collect();
        let svg = svg::lines(&self.t.power_title, &series, months.len(), &self.years());
        Some(self.add("power", self.t.power_caption.clone(), svg))
    }

    /// Arrests among the leadership, month by month.
    pub fn arrests(&mut self) -> Option<String> {
        let months = &self.run.trends.months;
        if months.len() < 2 || self.t.arrests_title.is_empty() {
            return None;
        }
        let bars: Vec<(usize, f32)> = months
            .windows(2)
            .enumerate()
            .map(|(i, w)| (i + 1, w[1].arrests.saturating_sub(w[0].arrests) as f32))
            .collect();
        if bars.iter().all(|b| b.1 == 0.0) {
            return None;
        }
        let svg = svg::bars(&self.t.arrests_title, &bars, months.len(), &self.years());
        Some(self.add("arrests", self.t.arrests_caption.clone(), svg))
    }

    /// Who fell with whom: each wave a branch under its first arrested.
    pub fn family(&mut self, waves: &[Wave]) -> Option<String> {
        if waves.is_empty() || self.t.family_title.is_empty() {
            return None;
        }
        let run = self.run;
        let mut seen: Vec<String> = Vec::new();
        let branches: Vec<Branch> = waves
            .iter()
            .map(|w| {
                let fallen = w.who[1..]
                    .iter()
                    .map(|id| {
                        let st = run
                            .summary
                            .figure_status
                            .get(id)
                            .cloned()
                            .unwrap_or_default();
                        if !seen.contains(&st) {
                            seen.push(st.clone());
                        }
                        (run.name(id), fate_colour(&st).to_string(), st)
                    })
                    .collect();
                // The head's own fate beside the day the wave began.
                let head_fate = run
                    .summary
                    .figure_status
                    .get(&w.who[0])
                    .cloned()
                    .unwrap_or_default();
                Branch {
                    head: run.name(&w.who[0]),
                    date: format!("{}, {head_fate}", w.from.long()),
                    fallen,
                }
            })
            .collect();
        seen.sort();
        let legend: Vec<(String, String)> = seen
            .iter()
            .map(|st| (fate_colour(st).to_string(), st.clone()))
            .collect();
        let svg = svg::family(&self.t.family_title, &branches, &legend);
        Some(self.add("fallen", self.t.family_caption.clone(), svg))
    }
}

fn fill_caption(t: &str, vars: &BTreeMap<&str, String>) -> String {
    fill(t, vars)
}

/// A fate's colour on the tree of the fallen, by the status's label.
fn fate_colour(label: &str) -> &'static str {
    use FigureStatus as F;
    let is = |s: F| s.label() == label;
    if is(F::Executed) || is(F::Killed) {
        "#8b1a1a"
    } else if is(F::Imprisoned) || is(F::Arrested) {
        "#8a5a2b"
    } else if is(F::Exiled) || is(F::Abroad) {
        "#5a6f8a"
    } else if is(F::Free) || is(F::Watched) {
        "#4f7a45"
    } else {
        "#2b2118"
    }
}
