"""The dashboard: one HTML page and its static assets (plain JS and CSS, no CDN, no build step)."""
