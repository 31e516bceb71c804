"""Calibration of the futures against the public record of autumn 2022."""
