from bookbrew.orders.models import Base
from bookbrew.platform.migrations import run_env

run_env(Base.metadata)
