// Resolutions
