from bookbrew.platform.migrations import run_env
from bookbrew.reporting.models import metadata

run_env(metadata)
