"""The outreach app's records, one module per document: training sessions and registrations
(`training`), expert support (`experts`), the campaign (`campaign`), good practices
(`practices`), reminders (`reminders`)."""

from integra.outreach.models.campaign import CampaignEvent, CampaignMaterial
from integra.outreach.models.experts import ExpertOutput, ExpertProfile, ExpertRequest
from integra.outreach.models.practices import GoodPractice, PracticePhoto
from integra.outreach.models.reminders import Notification, ReminderPreference
from integra.outreach.models.training import Registration, TrainingSession

__all__ = [
    "CampaignEvent",
    "CampaignMaterial",
    "ExpertOutput",
    "ExpertProfile",
    "ExpertRequest",
    "GoodPractice",
    "Notification",
    "PracticePhoto",
    "Registration",
    "ReminderPreference",
    "TrainingSession",
]
