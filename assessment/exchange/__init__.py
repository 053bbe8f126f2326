"""Moving assessments in and out: the portable file, tabular exports, published index scores."""
