"""A local, seeded, living world of BetPawa, SportyBet and Bet9ja: their public APIs on their real
paths (`create_app`), the world behind them (`World`, configured by `SimConfig`), and the ground
truth of everything they publish (`oddsdesk.simulator.truth`)."""

from oddsdesk.simulator.app import SimulatorApp, create_app
from oddsdesk.simulator.config import FaultConfig, SimConfig
from oddsdesk.simulator.world import World

__all__ = ["FaultConfig", "SimConfig", "SimulatorApp", "World", "create_app"]
