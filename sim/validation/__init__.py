"""Validation of the model against analytic results and the public record."""
