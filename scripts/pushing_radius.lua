-- Radius columns of scenarios/pushing_tumour.json: each tumour's equivalent radius sqrt(N / pi)
-- in sites, and the radius that the derived front speed predicts (docs/models.md, "Pushing on the
-- lattice"). A cell divides, with probability p = 1 - exp(-rate dt) per step, only when a free
-- site lies within R sites of it: a disc of radius r has a proliferating annulus of area
-- pi (2 r R - R^2), so dr/dt = p R (1 - R / (2 r)) sites per step, linear at p R once r >> R
-- (Drasdo & Hoehme 2005, Phys Biol 2:133). From the initial radius r0 it integrates to
--   p R t = (r - r0) + (R / 2) ln((2 r - R) / (2 r0 - R)),
-- which the column inverts for r by Newton's method: a pure function of the step, so that a
-- resumed run writes the same column.
local R = params.push_radius         -- must equal cell_types.pushing.proliferation.push.radius
local n0 = params.initial_cells      -- the cells of the initial "pushing" disc

local function radius(n) return math.sqrt(n / math.pi) end
local r0 = radius(n0)

-- The left-hand side above is increasing and concave in r: Newton's method from r0 (below the
-- root) climbs to it monotonically and never leaves r > R / 2.
local function predicted(steps, p)
  local r = r0
  for _ = 1, 60 do
    local f = (r - r0) + R / 2 * math.log((2 * r - R) / (2 * r0 - R)) - p * R * steps
    r = r - f / (1 + R / (2 * r - R))
  end
  return r
end

column{name = "pushing radius (sites)", value = function(sim)
  if sim.step == 0 and sim.counts.pushing ~= n0 then
    error(("parameters.initial_cells is %d, but the pushing tumour starts with %d cells")
          :format(n0, sim.counts.pushing))
  end
  return radius(sim.counts.pushing)
end}
column{name = "inhibited radius (sites)", value = function(sim)
  return radius(sim.counts.inhibited)
end}
column{name = "predicted radius (sites)", value = function(sim)
  return predicted(sim.step, sim:prob(sim:rate("pushing", "proliferation")))
end}
