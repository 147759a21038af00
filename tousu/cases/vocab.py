"""The fixed vocabulary of a complaint case: stable codes stored in rows, labels translated
only when shown. A policy picks which of these it uses; it cannot invent new states."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")  # 投诉
    REPORT = "report", _("Report")  # 举报
    DIFFICULT = "difficult", _("Difficult problem")  # 疑难问题, P1.1
    FILING = "filing", _("Front-line filing")  # 备案, P1.2
    SERVICE_REQUEST = "service_request", _("Service request")  # 服务请求, P3.s1


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    VISIT = "visit", _("Visit")
    HEAD_OFFICE_VISIT = "head_office_visit", _("Head-office visit")  # P1.3
    LETTER = "letter", _("Letter")
    FAX = "fax", _("Fax")
    EMAIL = "email", _("E-mail")
    WEB = "web", _("Web")
    HOTLINE = "hotline", _("Hotline (12365)")  # P2.4, P2.6
    MEDIA = "media", _("News media")  # P4.4.1
    FORUM = "forum", _("Online forum")  # P4.4.1
    FRONT_LINE = "front_line", _("Front-line filing")  # P1.2
    API = "api", _("API")
    INTERNAL = "internal", _("Internal transfer")  # P4.5.2
    HANDOFF = "handoff", _("Handed over by another organisation")  # P2.4


class State(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    ACCEPTED = "accepted", _("Accepted")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    TO_BE_IMPROVED = "to_be_improved", _("To be improved")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")
    REFERRED = "referred", _("Referred elsewhere")
    INVALID = "invalid", _("Invalid")
    MALICIOUS = "malicious", _("Malicious, passed on")
    MERGED = "merged", _("Merged")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# States in which a case is finished; every other state is open and its clocks may run.
ENDED_STATES = frozenset({State.CLOSED, State.REFERRED, State.INVALID, State.MALICIOUS, State.MERGED, State.WITHDRAWN})
OPEN_STATES = frozenset(set(State) - ENDED_STATES)


class Role(models.TextChoices):
    RECEPTIONIST = "receptionist", _("Receptionist")  # 受理员
    HANDLER = "handler", _("Handler")  # 处理人
    DEPARTMENT_HEAD = "department_head", _("Department head")  # 部门主管
    COMPLAINT_MANAGER = "complaint_manager", _("Complaint manager")
    EXECUTIVE = "executive", _("Executive")  # office manager / general manager
    ADMINISTRATOR = "administrator", _("Administrator")
    AUDITOR = "auditor", _("Auditor")  # reads the access log, verifies the timeline (issue 6)


class Severity(models.TextChoices):
    GENERAL = "general", _("General")  # 一般, P5.3
    SERIOUS = "serious", _("Serious")  # 严重, P5.3
    MAJOR = "major", _("Major")  # 重大, P4.5.3, P3.h1


class Region(models.TextChoices):
    SAME_PROVINCE = "same_province", _("Same province")  # P3.e
    OTHER_PROVINCE = "other_province", _("Other province")
    REMOTE = "remote", _("Remote area")


class Scope(models.TextChoices):
    IN_SCOPE = "in_scope", _("In scope")
    OUT_OF_SCOPE = "out_of_scope", _("Out of scope")  # P2.8 referral
    MALICIOUS = "malicious", _("Fabricated or malicious")  # P2.8


class Validity(models.TextChoices):
    VALID = "valid", _("Valid")  # 有效投诉, P5.2
    INVALID = "invalid", _("Invalid")  # 无效投诉, P5.2


class Quality(models.TextChoices):
    QUALITY = "quality", _("Quality complaint")  # P3.c
    NON_QUALITY = "non_quality", _("Non-quality complaint")  # P3.b


class ComplaintType(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")  # 投诉, P4.4.3.1
    TO_BE_IMPROVED = "to_be_improved", _("To-be-improved complaint")  # 待改进投诉, P4.4.3.2


class Responsibility(models.TextChoices):
    OWN_FAULT = "own_fault", _("Own fault")  # P1.4, P3.g
    OUTSIDE_PARTY = "outside_party", _("Outside party")  # P4.4.3.2
    CUSTOMER_MISUSE = "customer_misuse", _("Customer misuse")  # P3.g
    UNFOUNDED = "unfounded", _("Unfounded")


class Outcome(models.TextChoices):
    RETURN_EXCHANGE = "return_exchange", _("Return or exchange")  # 退换, P3.g
    PAID_SERVICE = "paid_service", _("Paid service")  # 有偿服务, P3.g
    REPAIR = "repair", _("Repair")
    APOLOGY = "apology", _("Apology")
    EXPLANATION = "explanation", _("Explanation")
    COMPENSATION = "compensation", _("Compensation")
    RECTIFICATION = "rectification", _("Rectification ordered")
    PENALTY = "penalty", _("Penalty imposed")
    OTHER = "other", _("Other")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")  # 满意
    BASICALLY_SATISFIED = "basically_satisfied", _("Basically satisfied")  # 基本满意
    UNSATISFIED = "unsatisfied", _("Unsatisfied")  # 不满意


class ReplyKind(models.TextChoices):
    FIRST = "first", _("First reply")  # P4.6.1
    SECOND = "second", _("Second reply")  # P4.6.2
    RESULT = "result", _("Result")  # P2.9, P5.4
    EXPLANATION = "explanation", _("Explanation")  # P2.12


class EquipmentType(models.TextChoices):
    BOILER = "boiler", _("Boiler")  # 锅炉, P2.3
    PRESSURE_VESSEL = "pressure_vessel", _("Pressure vessel (incl. gas cylinder)")
    PRESSURE_PIPELINE = "pressure_pipeline", _("Pressure pipeline")
    ELEVATOR = "elevator", _("Elevator")
    LIFTING_MACHINERY = "lifting_machinery", _("Lifting machinery")
    PASSENGER_ROPEWAY = "passenger_ropeway", _("Passenger ropeway")
    AMUSEMENT_FACILITY = "amusement_facility", _("Large amusement facility")


class EquipmentStage(models.TextChoices):
    DESIGN = "design", _("Design")  # P2.2
    MANUFACTURE = "manufacture", _("Manufacture")
    INSTALLATION = "installation", _("Installation")
    MODIFICATION = "modification", _("Modification")
    REPAIR = "repair", _("Repair")
    USE = "use", _("Use")
    INSPECTION = "inspection", _("Inspection and testing")
    SUPERVISION = "supervision", _("Supervision")


class EscalationLevel(models.TextChoices):
    DEPARTMENT_HEAD = "department_head", _("Department head")
    MANAGER = "manager", _("Office manager")
    EXECUTIVE = "executive", _("General manager")


class ClockState(models.TextChoices):
    RUNNING = "running", _("Running")
    PAUSED = "paused", _("Paused")
    MET = "met", _("Met")
    BREACHED = "breached", _("Breached")
    CANCELLED = "cancelled", _("Cancelled")


class UnitKind(models.TextChoices):
    """What a unit of an organisation's tree is. The first ones are the levels of the tree,
    the others the kinds of department a procedure names (P2.4, P3.d, P4.3)."""

    ORGANISATION = "organisation", _("Organisation")  # the root: the company, the bureau
    OFFICE = "office", _("Office")  # 管理处, 分公司, a regional service centre
    SECTION = "section", _("Section")  # a bureau's section running its own procedure
    CUSTOMER_SERVICE = "customer_service", _("Customer service")
    QUALITY = "quality", _("Quality department")
    INSPECTION = "inspection", _("Inspection institute")
    ENFORCEMENT = "enforcement", _("Enforcement brigade")
    SUPERVISION = "supervision", _("Supervision body")
    MANAGEMENT_OFFICE = "management_office", _("Management office")
    OPERATIONS = "operations", _("Operations department")
    SALES = "sales", _("Sales")
    MANAGEMENT = "management", _("Management")
    OTHER = "other", _("Other")


class OrganisationKind(models.TextChoices):
    PROPERTY_COMPANY = "property_company", _("Property-management company")  # P4, P5
    RENTAL_COMPANY = "rental_company", _("Rental housing company")  # P1
    MANUFACTURER = "manufacturer", _("Manufacturer")  # P3
    REGULATOR = "regulator", _("Regulator")  # P2
    INSPECTION_BODY = "inspection_body", _("Inspection and testing institute")  # P2.4
    OTHER = "other", _("Other")


class Duty(models.TextChoices):
    """What a position does beyond its role, as the procedures name it."""

    BUTLER = "butler", _("Property butler")  # 物业管家, P4.8, P5.2
    TECHNICIAN = "technician", _("Technician")  # 技术人员, P3.d-f
    INSPECTOR = "inspector", _("Inspector")  # 检验人员, P3.f, P2.4
    NEGOTIATOR = "negotiator", _("Negotiator")  # 谈判专员, P1.1
    WEB_ADMINISTRATOR = "web_administrator", _("Web administrator")  # collects the mailbox, P2.7
