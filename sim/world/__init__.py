"""The world: SimPy processes of the campaign. Calls the laws; knows nothing of replication or storage."""
