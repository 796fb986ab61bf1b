"""The rules wing: what a fiscal year's rules are (the model), how a year plugin is found, and how a result is graded."""
