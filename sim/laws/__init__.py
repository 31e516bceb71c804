"""Laws: pure functions of numbers (no SimPy), each with an explicit random generator."""
