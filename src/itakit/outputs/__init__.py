"""The outputs wing: results as text, JSON, CSV and Excel, and the Thai analysis report."""
