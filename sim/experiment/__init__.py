"""The experiment layer: seeds, replication, executors, streaming storage, run folders, the replay of one
replication. It runs campaigns through `sim.world.campaign.simulate` only and never reaches into the world;
what is written about the results is `sim.reporting`'s, which this layer never imports."""
