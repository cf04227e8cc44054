"""superbill"""
