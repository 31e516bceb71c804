"""Lanchester attrition laws: the public face of `sim.laws.lanchester`.

Square, linear and Helmbold-type laws of two forces wearing each other down: their loss rates, closed-form
expected losses, the numerical solution with reinforcements, the exact stochastic duel and the campaign's
one-step draw of an engagement's losses. Importing this module does not import SimPy or the campaign.
"""

from sim.laws.lanchester import LAWS, deterministic, duel, engagement_losses, expected_losses, loss_rates

__all__ = ["LAWS", "deterministic", "duel", "engagement_losses", "expected_losses", "loss_rates"]
