"""Times statsforecast 2.1.1 on carparts.csv with the methods Kehu's parts forecaster has, each on
all 2674 series (missing months dropped: statsforecast takes no gaps), 12 months ahead, one core.
Prints JSON (seconds per method, the fastest of REPEATS runs after a warm-up that compiles numba)."""

import json
import os
import sys
import time

import pandas as pd
import statsforecast
from statsforecast import StatsForecast
from statsforecast.models import (
    ADIDA,
    IMAPA,
    TSB,
    CrostonClassic,
    CrostonSBA,
    SeasonalExponentialSmoothingOptimized,
    SimpleExponentialSmoothingOptimized,
)

REPEATS = 3
HERE = os.path.dirname(os.path.abspath(__file__))
path = os.environ.get("CARPARTS", os.path.join(HERE, "..", "..", "shared", "data", "carparts.csv"))
raw = pd.read_csv(path, dtype={"series_id": str})
df = pd.DataFrame(
    {"unique_id": raw["series_id"], "ds": pd.to_datetime(raw["month"] + "-01"), "y": raw["qty"]}
).dropna()

models = {
    "ses": lambda: SimpleExponentialSmoothingOptimized(),
    "croston": lambda: CrostonClassic(),
    "sba": lambda: CrostonSBA(),
    "tsb": lambda: TSB(alpha_d=0.1, alpha_p=0.1),
    "adida": lambda: ADIDA(),
    "imapa": lambda: IMAPA(),
    "seasonal": lambda: SeasonalExponentialSmoothingOptimized(season_length=12),
}

seconds = {}
for name, make in models.items():
    warm = df[df["unique_id"].isin(df["unique_id"].unique()[:20])]
    StatsForecast(models=[make()], freq="MS", n_jobs=1).forecast(df=warm, h=12)
    best = float("inf")
    for _ in range(REPEATS):
        start = time.perf_counter()
        StatsForecast(models=[make()], freq="MS", n_jobs=1).forecast(df=df, h=12)
        best = min(best, time.perf_counter() - start)
    seconds[name] = best
    print(f"statsforecast {name}: {best:.3f} s", file=sys.stderr)

json.dump(
    {"statsforecast": statsforecast.__version__, "series": int(df["unique_id"].nunique()), "seconds": seconds},
    sys.stdout,
    indent=2,
)
