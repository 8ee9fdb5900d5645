"""Home of the app's custom components (the explorer's client-side controls); empty for now."""
