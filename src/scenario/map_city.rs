//! The capital as a city: its river, walls, squares, rings and roads, built by
//! tools/map/build_city.py into assets/map/ in the regions' projection, with the exact
//! spots of the sites that lie in it.

use serde::Deserialize;
use std::path::Path;

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MapCity {
    pub format: u32,
    pub projection: String,
    /// `[minx, miny, maxx, maxy]`, km: everything the city view draws lies inside.
    pub extent: [f32; 4],
    pub areas: Vec<CityArea>,
    pub lines: Vec<CityLine>,
    /// The wall's towers, km.
    #[serde(default)]
    pub towers: Vec<[f32; 2]>,
    pub sites: Vec<CitySite>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AreaKind {
    Town,
    Woods,
    Square,
    Building,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LineKind {
    River,
    Wall,
    Ring,
    Road,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CityArea {
    pub id: String,
    pub kind: AreaKind,
    pub name: String,
    /// The outline, not closed, km.
    pub ring: Vec<[f32; 2]>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CityLine {
    pub id: String,
    pub kind: LineKind,
    pub name: String,
    /// In order along the line; a closed line repeats its first point last, km.
    pub points: Vec<[f32; 2]>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CitySite {
    pub id: String,
    pub pos: [f32; 2],
}

/// Road points of different roads closer than this are one junction, km.
const JOIN_KM: f32 = 0.15;
/// A km across country counts as this many on the road: a column off the roads is
/// that much slower, so it takes the road that leads to its goal.
const OFF_ROAD: f32 = 3.0;

impl MapCity {
    /// Reads and checks a city file; every error names the file and the item.
    pub fn load(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        Self::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    pub fn parse(text: &str) -> Result<Self, String> {
        let c: MapCity = serde_json::from_str(text)
            .map_err(|e| format!("line {}, column {}: {e}", e.line(), e.column()))?;
        c.check()?;
        Ok(c)
    }

    fn check(&self) -> Result<(), String> {
        if self.format != 1 {
            return Err(format!(
                "format {} is not the format 1 this game reads",
                self.format
            ));
        }
        let [x0, y0, x1, y1] = self.extent;
        if !(self.extent.iter().all(|v| v.is_finite()) && x0 < x1 && y0 < y1) {
            return Err(format!(
                "the extent {:?} is not a box [minx, miny, maxx, maxy]",
                self.extent
            ));
        }
        let inside = |pts: &[[f32; 2]]| pts.iter().all(|p| self.contains(*p));
        for a in &self.areas {
            if a.ring.len() < 3 || !inside(&a.ring) {
                return Err(format!(
                    "area `{}` needs at least 3 finite points inside the extent",
                    a.id
                ));
            }
        }
        for l in &self.lines {
            if l.points.len() < 2 || !inside(&l.points) {
                return Err(format!(
                    "line `{}` needs at least 2 finite points inside the extent",
                    l.id
                ));
            }
        }
        if !inside(&self.towers) {
            return Err("a tower lies outside the extent or is not finite".to_string());
        }
        for s in &self.sites {
            if !self.contains(s.pos) {
                return Err(format!(
                    "site `{}` at {:?} lies outside the extent",
                    s.id, s.pos
                ));
            }
        }
        Ok(())
    }

    /// Whether a point (km) lies in the city's drawn extent.
    pub fn contains(&self, p: [f32; 2]) -> bool {
        let [x0, y0, x1, y1] = self.extent;
        p[0].is_finite()
            && p[1].is_finite()
            && (x0..=x1).contains(&p[0])
            && (y0..=y1).contains(&p[1])
    }

    /// The exact spot of a site the city holds.
    pub fn site(&self, id: &str) -> Option<[f32; 2]> {
        self.sites.iter().find(|s| s.id == id).map(|s| s.pos)
    }

    /// The roads and rings as a graph, to route marches along.
    pub fn roads(&self) -> Roads {
        let ways = self
            .lines
            .iter()
            .filter(|l| matches!(l.kind, LineKind::Road | LineKind::Ring))
            .map(|l| l.points.as_slice());
        Roads::of_lines(ways, JOIN_KM, OFF_ROAD)
    }
}

/// Roads (or railways) as a graph: every point a node, joined to its neighbours along
/// its line and to the points of other lines within the join distance.
pub struct Roads {
    points: Vec<[f32; 2]>,
    edges: Vec<Vec<(usize, f32)>>,
    /// How many km of line a km across country counts for.
    off_road: f32,
}

impl Roads {
    /// The way by road from `from` to `to` (km), by the quickest way counting the
    /// stretches off the road straight and `off_road` times slower: it joins the roads at the point that makes the
    /// whole way shortest (a column from outside the city takes the road that leads
    /// to its goal), follows the roads and rings, and leaves them for the goal. No
    /// roads: straight.
    pub fn route(&self, from: [f32; 2], to: [f32; 2]) -> Vec<[f32; 2]> {
        if self.points.is_empty() {
            return vec![from, to];
        }
        let (best, prev) = self.tree_to(to);
        let off = |p: [f32; 2], q: [f32; 2]| {
            self.off_road * ((p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2)).sqrt()
        };
        let Some(a) = (0..self.points.len())
            .filter(|i| best[*i].is_finite())
            .min_by(|x, y| {
                (off(from, self.points[*x]) + best[*x])
                    .total_cmp(&(off(from, self.points[*y]) + best[*y]))
            })
        else {
            return vec![from, to];
        };
        let mut path = vec![from];
        let mut at = a;
        loop {
            path.push(self.points[at]);
            if prev[at] == usize::MAX {
                break;
            }
            at = prev[at];
        }
        path.push(to);
        path.dedup();
        path
    }

    /// Dijkstra from the goal over a few hundred nodes: each node's length of way to
    /// `to` (the last stretch straight from the node nearest the goal plus the roads)
    /// and the next node on that way (`usize::MAX` at the end).
    fn tree_to(&self, to: [f32; 2]) -> (Vec<f32>, Vec<usize>) {
        let n = self.points.len();
        let mut best = vec![f32::INFINITY; n];
        let mut next = vec![usize::MAX; n];
        let mut done = vec![false; n];
        if let Some(b) = self.nearest(to) {
            let p = self.points[b];
            best[b] = ((p[0] - to[0]).powi(2) + (p[1] - to[1]).powi(2)).sqrt();
        }
        while let Some(u) = (0..n)
            .filter(|i| !done[*i] && best[*i].is_finite())
            .min_by(|x, y| best[*x].total_cmp(&best[*y]))
        {
            done[u] = true;
            for &(v, d) in &self.edges[u] {
                if best[u] + d < best[v] {
                    best[v] = best[u] + d;
                    next[v] = u;
                }
            }
        }
        (best, next)
    }

    /// The graph of these lines, points of different lines closer than `join_km` one
    /// junction, a km off the lines counting `off_road` km on them.
    pub fn of_lines<'a>(
        lines: impl Iterator<Item = &'a [[f32; 2]]>,
        join_km: f32,
        off_road: f32,
    ) -> Self {
        let mut points = Vec::new();
        let mut edges: Vec<Vec<(usize, f32)>> = Vec::new();
        let mut road_of = Vec::new();
        let dist =
            |a: [f32; 2], b: [f32; 2]| ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt();
        for (r, l) in lines.enumerate() {
            for (k, p) in l.iter().enumerate() {
                let i = points.len();
                points.push(*p);
                road_of.push(r);
                edges.push(Vec::new());
                if k > 0 {
                    let d = dist(points[i - 1], *p);
                    edges[i - 1].push((i, d));
                    edges[i].push((i - 1, d));
                }
            }
        }
        for i in 0..points.len() {
            for j in i + 1..points.len() {
                let d = dist(points[i], points[j]);
                if road_of[i] != road_of[j] && d < join_km || d < 1e-4 {
                    edges[i].push((j, d));
                    edges[j].push((i, d));
                }
            }
        }
        Roads {
            points,
            edges,
            off_road,
        }
    }

    fn nearest(&self, p: [f32; 2]) -> Option<usize> {
        let d = |q: [f32; 2]| (q[0] - p[0]).powi(2) + (q[1] - p[1]).powi(2);
        (0..self.points.len()).min_by(|a, b| d(self.points[*a]).total_cmp(&d(self.points[*b])))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"{"format":1,"projection":"p","extent":[0,0,10,10],
        "areas":[{"id":"w","kind":"woods","name":"W","ring":[[1,1],[2,1],[2,2]]}],
        "lines":[{"id":"a","kind":"road","name":"A","points":[[1,1],[5,1],[5,5]]},
                 {"id":"b","kind":"road","name":"B","points":[[1,1],[1,9]]},
                 {"id":"c","kind":"road","name":"C","points":[[5,5],[9,9]]},
                 {"id":"r","kind":"river","name":"R","points":[[0,5],[10,5]]}],
        "towers":[[3,3]],"sites":[{"id":"s","pos":[9,9]}]}"#;

    #[test]
    fn reads_a_good_file_and_finds_its_sites() {
        let c = MapCity::parse(GOOD).unwrap();
        assert_eq!((c.areas.len(), c.lines.len()), (1, 4));
        assert_eq!(c.site("s"), Some([9.0, 9.0]));
        assert!(c.contains([5.0, 5.0]) && !c.contains([11.0, 5.0]));
    }

    #[test]
    fn names_what_is_wrong() {
        let outside = GOOD.replace("\"pos\":[9,9]", "\"pos\":[19,9]");
        assert!(MapCity::parse(&outside).unwrap_err().contains("site `s`"));
        let short = GOOD.replace("[[1,1],[1,9]]", "[[1,1]]");
        assert!(MapCity::parse(&short).unwrap_err().contains("line `b`"));
        let kind = GOOD.replace("\"woods\"", "\"swamp\"");
        assert!(MapCity::parse(&kind).unwrap_err().starts_with("line "));
        let format = GOOD.replace("\"format\":1", "\"format\":3");
        assert!(MapCity::parse(&format).unwrap_err().contains("format 3"));
    }

    #[test]
    fn a_route_follows_the_roads_not_the_straight_line() {
        let c = MapCity::parse(GOOD).unwrap();
        // From off the roads to the west: it joins at the corner that makes the whole
        // way shortest, then takes road C, not round by B and A.
        let r = c.roads().route([0.5, 5.0], [9.0, 9.0]);
        assert_eq!(r, vec![[0.5, 5.0], [5.0, 5.0], [9.0, 9.0]]);
        // Up road B, the shortest way, not round by A.
        let up = c.roads().route([1.0, 1.0], [1.0, 9.0]);
        assert_eq!(up, vec![[1.0, 1.0], [1.0, 9.0]]);
    }
}
