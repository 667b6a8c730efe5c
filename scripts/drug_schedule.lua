-- A chemotherapy schedule as a per-step hook. Every params.interval_days from params.first_day the
-- drug is given for params.duration_hours; while it acts, the tumour's death rate rises by
-- params.dose * params.kill_per_dose per minute. params.doses, when not empty, replaces that cycle
-- with a list of single doses {day, hours[, dose]} (dose default params.dose; doses that overlap
-- add up), so a cohort's arms can give any schedule (docs/calibration.md). The run stops once the
-- tumour is gone.

cell_type{name = "tumour", proliferation = 0.0012, death = params.base_death, colour = "#d55e00"}

local MAX_DOSES = 1000
local doses = params.doses or {}
if type(doses) ~= "table" or #doses > MAX_DOSES or (#doses == 0 and next(doses) ~= nil) then
  error("params.doses: expected a list of at most " .. MAX_DOSES .. " doses {day, hours[, dose]}")
end
for i, d in ipairs(doses) do
  local ok = type(d) == "table" and #d >= 2 and #d <= 3
  for k = 1, ok and #d or 0 do
    ok = ok and math.type(d[k]) ~= nil and d[k] == d[k] and math.abs(d[k]) < math.huge
  end
  if not ok or d[1] < 0 or d[2] <= 0 or (d[3] or 0) < 0 then
    error(string.format("params.doses[%d]: expected {day >= 0, hours > 0[, dose >= 0]}", i))
  end
end

-- The dose acting on a day (0: none).
local function dose_on(day)
  local total = 0
  if #doses > 0 then
    for _, d in ipairs(doses) do
      if day >= d[1] and (day - d[1]) * 24 < d[2] then total = total + (d[3] or params.dose) end
    end
  elseif day >= params.first_day then
    local hours_into_cycle = ((day - params.first_day) % params.interval_days) * 24
    if hours_into_cycle < params.duration_hours then total = params.dose end
  end
  return total
end

local dose_before = 0
on_step(function(sim)
  local dose = dose_on(sim.time / 1440)
  if dose ~= dose_before then -- only touch the rate when the schedule switches
    local death = params.base_death + dose * params.kill_per_dose
    sim:set_rate("tumour", "death", death)
    print(string.format("day %5.2f: dose %g, tumour death rate %.5f /min, %d tumour cells",
                        sim.time / 1440, dose, death, sim.counts.tumour))
    dose_before = dose
  end
  if sim.counts.tumour == 0 then sim:stop() end
end)
