"""A small package the real-tools suite runs coverage.py, pytest, bandit and radon on."""
