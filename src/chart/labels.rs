//! Labels placed beside their circles on the map: never on another label, leader line or
//! circle, nor outside the drawing; farther out on a leader line where the circles crowd.

use super::geo::Frame;

/// A label box in pixels: left, top, width, height.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct LabelBox {
    pub(crate) x: i32,
    pub(crate) y: i32,
    pub(crate) w: i32,
    pub(crate) h: i32,
}

impl LabelBox {
    /// True when the boxes overlap or touch.
    pub(crate) fn overlaps(&self, o: &LabelBox) -> bool {
        !(self.x + self.w < o.x
            || o.x + o.w < self.x
            || self.y + self.h < o.y
            || o.y + o.h < self.y)
    }

    /// True when the box touches the circle of centre `(cx, cy)` and radius `r`.
    pub(crate) fn touches_circle(&self, (cx, cy, r): (i32, i32, i32)) -> bool {
        let nx = cx.clamp(self.x, self.x + self.w);
        let ny = cy.clamp(self.y, self.y + self.h);
        let (dx, dy) = (i64::from(nx - cx), i64::from(ny - cy));
        dx * dx + dy * dy < i64::from(r) * i64::from(r)
    }

    /// True when the box lies inside `o`.
    pub(crate) fn inside(&self, o: &LabelBox) -> bool {
        self.x >= o.x
            && self.x + self.w <= o.x + o.w
            && self.y >= o.y
            && self.y + self.h <= o.y + o.h
    }

    /// True when the segment from `a` to `b` crosses the box.
    pub(crate) fn crossed_by(&self, a: (i32, i32), b: (i32, i32)) -> bool {
        let f = Frame {
            x0: f64::from(self.x),
            y0: f64::from(self.y),
            x1: f64::from(self.x + self.w),
            y1: f64::from(self.y + self.h),
        };
        !f.clip_line(&[
            (f64::from(a.0), f64::from(a.1)),
            (f64::from(b.0), f64::from(b.1)),
        ])
        .is_empty()
    }
}

/// Pixels kept clear between a label and another asset's circle.
const CLEARANCE: i32 = 2;

/// A label to place: its text, its circle (centre and radius, pixels) and its size.
pub(crate) struct Wanted {
    pub(crate) text: String,
    pub(crate) circle: (i32, i32, i32),
    pub(crate) size: (i32, i32),
}

/// A placed label's box and its leader line, if it stands away from its circle.
pub(crate) type Placed = Option<(LabelBox, Option<((i32, i32), (i32, i32))>)>;

/// Places each label, in order, beside its circle (right, left, above, below, then the
/// diagonals and the directions between), else farther and farther out with a leader line,
/// else not at all: never on another label or leader line, on another circle, or outside
/// `bounds`.
pub(crate) fn place_labels(
    wanted: &[Wanted],
    circles: &[(i32, i32, i32)],
    bounds: LabelBox,
) -> Vec<Placed> {
    let mut directions: Vec<(f64, f64)> = vec![(1.0, 0.0), (-1.0, 0.0), (0.0, -1.0), (0.0, 1.0)];
    for k in [1, 3, 5, 7] {
        let a = f64::from(k) * std::f64::consts::FRAC_PI_4;
        directions.push((a.cos(), -a.sin()));
    }
    for k in 0..8 {
        let a = (f64::from(k) + 0.5) * std::f64::consts::FRAC_PI_4;
        directions.push((a.cos(), -a.sin()));
    }
    let mut taken: Vec<LabelBox> = Vec::new();
    let mut leaders: Vec<((i32, i32), (i32, i32))> = Vec::new();
    let mut out = Vec::new();
    for want in wanted {
        let (cx, cy, radius) = want.circle;
        let (w, h) = want.size;
        let r = radius + 3;
        let mut found = None;
        'search: for gap in [3, h, h * 2, h * 3, h * 9 / 2, h * 6, h * 8] {
            for &(dx, dy) in &directions {
                let px = cx + (f64::from(r + gap) * dx).round() as i32;
                let py = cy + (f64::from(r + gap) * dy).round() as i32;
                let c = LabelBox {
                    x: if dx > 0.3 {
                        px + 1
                    } else if dx < -0.3 {
                        px - w - 1
                    } else {
                        px - w / 2
                    },
                    y: if dy > 0.3 {
                        py
                    } else if dy < -0.3 {
                        py - h
                    } else {
                        py - h / 2
                    },
                    w,
                    h,
                };
                let leader = (gap > 3).then(|| {
                    (
                        (
                            cx + (f64::from(radius) * dx).round() as i32,
                            cy + (f64::from(radius) * dy).round() as i32,
                        ),
                        (px, py),
                    )
                });
                let clear = c.inside(&bounds)
                    && taken.iter().all(|t| !c.overlaps(t))
                    && leaders.iter().all(|(a, b)| !c.crossed_by(*a, *b))
                    && circles
                        .iter()
                        .filter(|o| **o != want.circle)
                        .all(|o| !c.touches_circle((o.0, o.1, o.2 + CLEARANCE)))
                    && leader.is_none_or(|(a, b)| taken.iter().all(|t| !t.crossed_by(a, b)));
                if clear {
                    found = Some((c, leader));
                    break 'search;
                }
            }
        }
        if let Some((b, leader)) = found {
            taken.push(b);
            if let Some(l) = leader {
                leaders.push(l);
            }
        }
        out.push(found);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_in_a_crowd_go_out_on_leaders_and_never_overlap() {
        // A tight cluster of twelve circles in the middle of a large area.
        let circles: Vec<(i32, i32, i32)> = (0..12)
            .map(|i| (400 + (i % 4) * 26, 300 + (i / 4) * 26, 10))
            .collect();
        let wanted: Vec<Wanted> = circles
            .iter()
            .map(|c| Wanted {
                text: "label".into(),
                circle: *c,
                size: (70, 14),
            })
            .collect();
        let bounds = LabelBox {
            x: 0,
            y: 0,
            w: 900,
            h: 600,
        };
        let placed = place_labels(&wanted, &circles, bounds);
        assert!(placed.iter().all(Option::is_some), "every label placed");
        let boxes: Vec<LabelBox> = placed.iter().flatten().map(|p| p.0).collect();
        for (i, b) in boxes.iter().enumerate() {
            assert!(b.inside(&bounds));
            for o in &boxes[i + 1..] {
                assert!(!b.overlaps(o), "{b:?} {o:?}");
            }
            for c in &circles {
                if *c != wanted[i].circle {
                    assert!(!b.touches_circle(*c), "{b:?} on {c:?}");
                }
            }
        }
        assert!(
            placed.iter().flatten().any(|p| p.1.is_some()),
            "leaders used"
        );
    }
}
