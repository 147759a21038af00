"""Demo data: staff for every role and a few hundred realistic Chinese complaints under
the five policy presets, each lived through `register` / `perform` so that timelines
and deadline clocks are real. `tousu demo` is the shell around `build.run`."""
