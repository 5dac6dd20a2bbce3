"""HTTP around the Dash app: routes, security headers, error pages, the buffering bridge, typeset answers.
The only room that knows Flask; may import every other room of dashboard/, never callbacks or layouts."""
