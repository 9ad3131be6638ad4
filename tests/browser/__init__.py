"""Tests that drive a real headless Chromium over a loopback server."""
