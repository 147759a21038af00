"""The case fields that policy conditions (routing, clocks, closure, escalation) may test."""

from typing import Any

from tousu.cases.models import Complaint


def case_values(complaint: Complaint) -> dict[str, Any]:
    """The case fields that policy conditions may test."""
    return {
        "kind": complaint.kind,
        "channel": complaint.channel,
        "category": complaint.category,
        "urgent": complaint.urgent,
        "severity": complaint.severity,
        "region": complaint.region,
        "quality": complaint.quality,
        "equipment_type": complaint.equipment_type,
        "equipment_stage": complaint.equipment_stage,
        "complaint_type": complaint.complaint_type,
        "confidential": complaint.confidential,
        "anonymous": complaint.anonymous,
    }
