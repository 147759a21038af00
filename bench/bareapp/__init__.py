"""The bare baseline app: one model, one view, mounted under /bench/ only when TOUSU_BENCH=1."""
