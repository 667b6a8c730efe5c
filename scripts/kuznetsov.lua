-- Tumour and effector T cells in the well-mixed limit: the model of Kuznetsov, Makalkin, Taylor and
-- Perelson (1994), Bull Math Biol 56:295-321,
--     dE/dt = s + p E T / (g + T) - m E T - d E
--     dT/dt = a T (1 - b T) - n E T
-- as a stochastic birth-death process of lattice cells. One lattice cell stands for `scale` real
-- cells; the rescaled parameters (s/K, g/K, m K, n K, b K) leave the dimensionless model unchanged.
-- Every step the hook reads the counts and sets the built-in per-cell rates of the next step:
--   tumour   proliferation a (1 - b T)   (logistic growth as a rule on the tumour count)
--            death         n E           (killing, well mixed: every tumour cell sees every E)
--   effector proliferation p T / (g + T) (recruitment: a Hill n = 1 response to the tumour count)
--            death         d + m E T / E (natural death and inactivation by tumour cells)
-- and adds the effector source s as a Poisson number of cells on random free sites.
-- Parameters (scenario "parameters", Kuznetsov et al.'s units: cells, days): s, p, g, m, d, a, b,
-- n, scale, tumour0 and effector0 (real cells at t = 0; the initial placement must hold
-- tumour0/scale and effector0/scale lattice cells, which the script checks).

local K, day = params.scale, 1440 -- real cells per lattice cell; minutes per day
local s = params.s / K / day      -- lattice cells per minute
local p = params.p / day          -- per minute
local g = params.g / K            -- lattice cells
local m = params.m * K / day      -- per lattice cell per minute
local d = params.d / day
local a = params.a / day
local b = params.b * K            -- per lattice cell
local n = params.n * K / day

local function rates(T, E)
  return {tumour = {proliferation = a * math.max(0, 1 - b * T), death = n * E},
          effector = {proliferation = p * T / (g + T), death = d + m * T}}
end

-- The rates of the first step come from the initial counts, declared with the types.
local T0 = math.floor(params.tumour0 / K + 0.5)
local E0 = math.floor(params.effector0 / K + 0.5)
local r0 = rates(T0, E0)
cell_type{name = "tumour", proliferation = r0.tumour.proliferation, death = r0.tumour.death,
          colour = "#d55e00"}
cell_type{name = "effector", proliferation = r0.effector.proliferation,
          death = r0.effector.death, colour = "#0072b2"}

if sim then -- second run, cells placed: the placement must match tumour0 and effector0
  local c = sim.counts
  if c.tumour ~= T0 or c.effector ~= E0 then
    error(string.format("the initial placement holds %d tumour and %d effector cells, but " ..
                        "tumour0/scale = %d and effector0/scale = %d", c.tumour, c.effector, T0, E0))
  end
end

on_step(function(sim)
  local new = math.poisson(s * sim.dt)
  if new > 0 then sim:add_cells("effector", new) end
  local c = sim.counts
  for type, r in pairs(rates(c.tumour, c.effector)) do
    for behaviour, v in pairs(r) do sim:set_rate(type, behaviour, v) end
  end
end)
