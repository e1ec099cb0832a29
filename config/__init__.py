"""What the user sets: the talks, parties, issues, feeds and alerts, loaded and checked."""

from config.loading import ConfigError, discover_config, load_config, parse_config, parse_duration
from config.schema import Alerts, Config, Feed, Issue, Matching, Party, Talks

__all__ = [
    "Alerts",
    "Config",
    "ConfigError",
    "Feed",
    "Issue",
    "Matching",
    "Party",
    "Talks",
    "discover_config",
    "load_config",
    "parse_config",
    "parse_duration",
]
