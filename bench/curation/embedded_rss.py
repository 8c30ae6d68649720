"""Resident memory of the embedded shop with the curation service hosted, the demo
catalog (1,200 items) loaded, text vectors computed and a model trained.

    .venv/bin/python bench/curation/embedded_rss.py [--data-dir DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path


def rss_mib() -> tuple[float, float]:
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    return (int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024)


async def main(data_dir: Path) -> None:
    from asgi_lifespan import LifespanManager

    from bookbrew import shop

    app = shop.create_embedded_app(data_dir)
    started = time.perf_counter()
    async with LifespanManager(app, startup_timeout=600, shutdown_timeout=60):
        curation = app.state.hub.app("curation")
        state = curation.state.curation
        index = state.recommender.index
        for _ in range(900):
            if (
                index.n >= 1200
                and bool(index.has_text[: index.n].all())
                and state.recommender.model is not None
            ):
                break
            await asyncio.sleep(1)
        ready = time.perf_counter() - started
        now, peak = rss_mib()
        print(f"items: {index.n}, model: {state.recommender.model.version}")
        print(f"ready after {ready:.1f} s (seed, text vectors, first training)")
        print(f"RSS now: {now:.0f} MiB, peak: {peak:.0f} MiB")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(main(args.data_dir or Path(tmp)))
