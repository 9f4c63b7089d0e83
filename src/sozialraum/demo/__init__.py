"""The fictitious demo city Musterstadt, generated deterministically."""
