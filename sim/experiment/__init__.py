"""The experiment layer: replication, executors, storage, statistics and plots. Never reaches into the world."""
