"""Home of the live class's wiring (teacher and student views); empty for now."""
