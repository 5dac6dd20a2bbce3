"""IMPACT-Territoires: pure Python core (data loading, indicator maths, figures), no Dash imports."""
