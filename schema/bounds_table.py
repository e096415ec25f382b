"""The declared bound of every argument and input field, by schema coordinate.

Checked at the API edge by schema/bounds.py before any resolver runs. Lengths follow
the columns they are stored in (models/); counts and amounts are magnitude bounds only
(their sign and meaning are the program rules' to judge, with the rule's own code);
dates are 1900-01-01..2100-12-31 unless a rule says otherwise. Enums and booleans are
bounded by their type, an upload by MAX_UPLOAD_BYTES (R-DOC-1). A new argument or input
field needs a line here: tests/schema/test_bounds.py fails until it has one.
"""

from __future__ import annotations

from schema.bounds import Bound, Dates, Email, Id, Int, Items, Money, Secret, Text

NAME = Text(100)  # legal and preferred names (models/customers.py)
SHORT = Text(40)  # pronouns, sex, phone, unit, state …
LABEL = Text(200)  # pick-list names, funding sources, payment types
LONG = Text(5000, multiline=True)  # notes and free-text answers
REASON = Text(2000, multiline=True)  # a reason kept as a case note
COUNT = Int(-99, 99)  # people in a household
MONTHS = Int(-120, 120)
PAGE = Int(1, 200)  # page sizes (schema/pagination.py MAX_PAGE)
CURSOR = Text(500)
DATE = Dates()
MONEY = Money()
ID = Id()
PICK_LIST = Items(200, of=LABEL)
STAGES = Items(10)  # ReferralStage values (six of them)
DUE_WITHIN = Int(0, 366)  # days (schema/enrollments/lists.py MAX_DUE_WITHIN_DAYS)

BOUNDS: dict[str, Bound] = {
    # --- queries ---------------------------------------------------------------------
    "Query.hubStaff(hubId:)": ID,
    "Query.mfiMaximum(householdSize:)": COUNT,
    "Query.mfiMaximum(asOf:)": DATE,
    "Query.auditLog(entityId:)": ID,
    "Query.auditLog(action:)": Text(60),
    "Query.auditLog(first:)": PAGE,
    "Query.auditLog(after:)": CURSOR,
    "Query.customers(search:)": Text(200),  # MAX_SEARCH_LENGTH (models/rules/customers.py)
    "Query.customers(first:)": PAGE,
    "Query.customers(after:)": CURSOR,
    "Query.customer(id:)": ID,
    "Query.enrollment(id:)": ID,
    "Query.referralQueue(first:)": PAGE,
    "Query.referralQueue(after:)": CURSOR,
    "Query.referralQueue(stages:)": STAGES,
    "Query.referralQueue(dueWithinDays:)": DUE_WITHIN,
    "Query.referralQueue(search:)": Text(200),
    "Query.referrals(first:)": PAGE,
    "Query.referrals(after:)": CURSOR,
    "Query.referrals(stages:)": STAGES,
    "Query.referrals(dueWithinDays:)": DUE_WITHIN,
    "Query.caseload(first:)": PAGE,
    "Query.caseload(after:)": CURSOR,
    "Query.caseload(stages:)": STAGES,
    "Query.node(id:)": ID,
    "Query.performanceReport(hubId:)": ID,
    "Query.performanceReport(periodStart:)": DATE,
    "Query.performanceReport(periodEnd:)": DATE,
    # --- sign-in (issue 10 §4) ---------------------------------------------------------
    "Mutation.login(email:)": Text(254),
    "Mutation.login(password:)": Secret(),
    "Mutation.passwordChange(currentPassword:)": Secret(),
    "Mutation.passwordChange(newPassword:)": Secret(),
    # --- reference data (contract managers) -------------------------------------------
    "ReferenceDataInput.fundingSources": PICK_LIST,
    "ReferenceDataInput.otherFundingSources": PICK_LIST,
    "ReferenceDataInput.paymentTypes": PICK_LIST,
    "ReferenceDataInput.incomeDocumentationTypes": PICK_LIST,
    "Mutation.incomeLimitSet(effectiveFrom:)": DATE,
    "Mutation.incomeLimitSet(medianFamilyIncome:)": MONEY,
    # --- customers and budgets ---------------------------------------------------------
    "Mutation.customerUpdate(customerId:)": ID,
    **{
        f"{input_type}.{field}": bound
        for input_type in ("CustomerCreateInput", "CustomerUpdateInput")
        for field, bound in {
            "legalFirstName": NAME,
            "legalLastName": NAME,
            "preferredName": NAME,
            "pronouns": SHORT,
            "dateOfBirth": DATE,
            "ssnLast4": Text(20),  # longer ones reach R-ACL-2's own message
            "sex": SHORT,
            "gender": Text(60),
            "jobSeekerId": SHORT,
            "email": Email(),
            "phone": SHORT,
        }.items()
    },
    "BudgetSaveInput.customerId": ID,
    "BudgetSaveInput.savedOn": DATE,
    "BudgetSaveInput.lines": Items(100),
    "BudgetLineInput.label": LABEL,
    "BudgetLineInput.amount": MONEY,
    # --- records and referrals ---------------------------------------------------------
    "EnrollmentCreateInput.customerId": ID,
    "EnrollmentCreateInput.providerId": ID,
    "EnrollmentCreateInput.applicationDate": DATE,
    "EnrollmentCreateInput.selectionToken": ID,  # opaque, signed (R-ACL-1)
    "ReferralCreateInput.customerId": ID,
    "ReferralCreateInput.hubId": ID,
    "ReferralCreateInput.applicationDate": DATE,
    "Mutation.referralWithdraw(enrollmentId:)": ID,
    "Mutation.referralWithdraw(reason:)": REASON,
    "Mutation.referralSend(enrollmentId:)": ID,
    "Mutation.referralAccept(enrollmentId:)": ID,
    "Mutation.referralAccept(reviewDate:)": DATE,
    "Mutation.referralRefuse(enrollmentId:)": ID,
    "Mutation.referralRefuse(caseNote:)": REASON,
    "Mutation.customerOfAssign(enrollmentId:)": ID,
    "Mutation.customerOfAssign(staffId:)": ID,
    # --- registration ------------------------------------------------------------------
    "Mutation.registrationUpdate(enrollmentId:)": ID,
    "Mutation.registrationSign(enrollmentId:)": ID,
    "Mutation.registrationSign(signedOn:)": DATE,
    "RegistrationInput.phones": Items(10, of=SHORT),
    "RegistrationInput.email": Email(),
    "RegistrationInput.ethnicity": NAME,
    "RegistrationInput.race": Items(20, of=NAME),
    "RegistrationInput.otherDemographics": Items(20, of=NAME),
    "RegistrationInput.employmentStatus": NAME,
    "RegistrationInput.publicAssistance": Items(20, of=NAME),
    "RegistrationInput.otherFundingSources": Items(20),
    "RegistrationInput.householdSize": COUNT,
    "RegistrationInput.householdIncome": MONEY,
    "RegistrationInput.incomeDocumentation": LABEL,
    "RegistrationInput.adultsInHousehold": COUNT,
    "RegistrationInput.childrenInHousehold": COUNT,
    "RegistrationInput.totalAmountRequested": MONEY,
    "RegistrationInput.monthsNeeded": MONTHS,
    "RegistrationInput.planToPayRent": LONG,
    "RegistrationInput.sourceOfIncome": LONG,
    "RegistrationInput.pastPropertyDebtDetails": LONG,
    "RegistrationInput.creditDebtDetails": LONG,
    "RegistrationInput.evictionHistoryDetails": LONG,
    "RegistrationInput.criminalHistoryDetails": LONG,
    "RegistrationInput.employmentCharacteristics": Items(20),
    "RegistrationInput.notes": LONG,
    "AddressInput.street": Text(200),
    "AddressInput.unit": SHORT,
    "AddressInput.city": NAME,
    "AddressInput.state": SHORT,
    "AddressInput.zip": Text(20),
    "FundingSourceInput.date": DATE,
    "FundingSourceInput.fundingSource": LABEL,
    "FundingSourceInput.notes": LONG,
    # --- services, housing status, case notes ------------------------------------------
    "ServiceCreateInput.enrollmentId": ID,
    "ServiceCreateInput.startDate": DATE,
    "ServiceCreateInput.endDate": DATE,
    "ServiceCreateInput.location": LABEL,
    "Mutation.serviceCopy(serviceId:)": ID,
    "Mutation.serviceCopy(toEnrollmentId:)": ID,
    "Mutation.serviceUpdate(serviceId:)": ID,
    "Mutation.serviceUpdate(startDate:)": DATE,
    "Mutation.serviceUpdate(endDate:)": DATE,
    "Mutation.serviceDelete(serviceId:)": ID,
    "Mutation.housingStatusCreate(enrollmentId:)": ID,
    "Mutation.housingStatusCreate(startDate:)": DATE,
    "Mutation.housingStatusUpdate(entryId:)": ID,
    "Mutation.housingStatusUpdate(endDate:)": DATE,
    "Mutation.caseNoteCreate(enrollmentId:)": ID,
    "Mutation.caseNoteCreate(text:)": LONG,
    # --- payments ----------------------------------------------------------------------
    "Mutation.servicePointIdSet(enrollmentId:)": ID,
    "Mutation.servicePointIdSet(servicePointId:)": Text(60),
    "PaymentPlanCreateInput.enrollmentId": ID,
    "PaymentPlanCreateInput.fundingSource": LABEL,
    "PaymentPlanCreateInput.paymentTypes": Items(20, of=LABEL),
    "PaymentPlanCreateInput.startDate": DATE,
    "PaymentPlanCreateInput.targetEndDate": DATE,
    "PaymentPlanUpdateInput.planId": ID,
    "PaymentPlanUpdateInput.targetEndDate": DATE,
    "PaymentPlanUpdateInput.endDate": DATE,
    "PaymentCreateInput.enrollmentId": ID,
    "PaymentCreateInput.paidOn": DATE,
    "PaymentCreateInput.amount": MONEY,
    "PaymentCreateInput.forMonth": Text(20),  # "YYYY-MM"; the rule judges the form
    "PaymentCreateInput.fundingSource": LABEL,
    "PaymentCreateInput.paymentType": LABEL,
    # --- exits and outcomes ------------------------------------------------------------
    "Mutation.enrollmentExit(enrollmentId:)": ID,
    "Mutation.outcomeRecord(enrollmentId:)": ID,
    "Mutation.outcomeRecord(recordedOn:)": DATE,
    "Mutation.exitRemove(enrollmentId:)": ID,
    "Mutation.exitRemove(reason:)": REASON,
    "Mutation.outcomeCorrect(outcomeId:)": ID,
    "Mutation.outcomeCorrect(reason:)": REASON,
    "Mutation.outcomeCorrect(recordedOn:)": DATE,
    "Mutation.sweepRun(asOf:)": DATE,
    # --- documents and participant links ----------------------------------------------
    "Mutation.documentUpload(customerId:)": ID,
    "Mutation.signatureRequestSend(enrollmentId:)": ID,
    "Mutation.uploadRequestSend(customerId:)": ID,
    "Mutation.deviceUploadLinkCreate(customerId:)": ID,
}
