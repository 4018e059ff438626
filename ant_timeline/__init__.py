"""ant-timeline: sourced corporate-regulatory timelines, kept in YAML."""

__version__ = "0.1.0"
