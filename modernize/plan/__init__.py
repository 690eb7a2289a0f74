"""Replacement plan: units, ordering into waves and steps, interfaces, risks, effort, exports."""
