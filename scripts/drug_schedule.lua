-- A chemotherapy schedule as a per-step hook. Every params.interval_days from params.first_day the
-- drug is given for params.duration_hours; while it acts, the tumour's death rate rises by
-- params.dose * params.kill_per_dose per minute. The run stops once the tumour is gone.

cell_type{name = "tumour", proliferation = 0.0012, death = params.base_death, colour = "#d55e00"}

local function dosing(day)
  if day < params.first_day then return false end
  local hours_into_cycle = ((day - params.first_day) % params.interval_days) * 24
  return hours_into_cycle < params.duration_hours
end

local was_dosing = false
on_step(function(sim)
  local now = dosing(sim.time / 1440)
  if now ~= was_dosing then -- only touch the rate when the schedule switches
    local death = params.base_death + (now and params.dose * params.kill_per_dose or 0)
    sim:set_rate("tumour", "death", death)
    print(string.format("day %5.2f: drug %s, tumour death rate %.5f /min, %d tumour cells",
                        sim.time / 1440, now and "on " or "off", death, sim.counts.tumour))
    was_dosing = now
  end
  if sim.counts.tumour == 0 then sim:stop() end
end)
