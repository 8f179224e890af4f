"""The phone app: paired devices (model) and their use cases (pairing)."""
