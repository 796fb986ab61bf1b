"""The scoring wing: exact results of one agency or many, their summaries and comparisons, and the improvement planner."""
