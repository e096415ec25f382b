"""The GraphQL documents the demo caseload sends (the public contract, nothing internal)."""

CUSTOMER_CREATE = """mutation($input: CustomerCreateInput!) { customerCreate(input: $input)
  { customer { id } errors { code field message } } }"""
ENROLLMENT_CREATE = """mutation($input: EnrollmentCreateInput!) { enrollmentCreate(input: $input)
  { enrollment { id } errors { code field message } } }"""
REFERRAL_CREATE = """mutation($input: ReferralCreateInput!) { referralCreate(input: $input)
  { enrollment { id } errors { code field message } } }"""
REGISTRATION_UPDATE = """mutation($id: ID!, $input: RegistrationInput!) {
  registrationUpdate(enrollmentId: $id, input: $input) { enrollment { id }
  errors { code field message } } }"""
REGISTRATION_SIGN = """mutation($id: ID!, $on: Date!) { registrationSign(enrollmentId: $id,
  signedOn: $on) { enrollment { id } errors { code field message } } }"""
BUDGET_SAVE = """mutation($input: BudgetSaveInput!) { budgetSave(input: $input)
  { budget { id } errors { code field message } } }"""
REFERRAL_SEND = """mutation($id: ID!) { referralSend(enrollmentId: $id)
  { enrollment { id } errors { code field message } } }"""
REFERRAL_ACCEPT = """mutation($id: ID!, $on: Date!) { referralAccept(enrollmentId: $id,
  reviewDate: $on) { enrollment { id } errors { code field message } } }"""
REFUSE = """mutation($id: ID!, $note: String!) { referralRefuse(enrollmentId: $id,
  caseNote: $note) { enrollment { id } errors { code field message } } }"""
WITHDRAW = """mutation($id: ID!, $reason: String!) { referralWithdraw(enrollmentId: $id,
  reason: $reason) { enrollment { id } errors { code field message } } }"""
CUSTOMER_OF = """mutation($id: ID!, $staff: ID!) { customerOfAssign(enrollmentId: $id,
  staffId: $staff) { enrollment { id } errors { code field message } } }"""
SERVICE_CREATE = """mutation($input: ServiceCreateInput!) { serviceCreate(input: $input)
  { service { id } errors { code field message } } }"""
SERVICE_COPY = """mutation($service: ID!, $to: ID!) { serviceCopy(serviceId: $service,
  toEnrollmentId: $to) { service { id } errors { code field message } } }"""
PLAN_CREATE = """mutation($input: PaymentPlanCreateInput!) { paymentPlanCreate(input: $input)
  { paymentPlan { id } errors { code field message } } }"""
PLAN_UPDATE = """mutation($input: PaymentPlanUpdateInput!) { paymentPlanUpdate(input: $input)
  { paymentPlan { id } errors { code field message } } }"""
PAYMENT_CREATE = """mutation($input: PaymentCreateInput!) { paymentCreate(input: $input)
  { payment { id } errors { code field message } } }"""
EXIT = """mutation($id: ID!) { enrollmentExit(enrollmentId: $id)
  { enrollment { id } errors { code field message } } }"""
OUTCOME = """mutation($id: ID!, $type: OutcomeType!, $status: OutcomeHousingStatus!,
  $on: Date!) { outcomeRecord(enrollmentId: $id, type: $type, housingStatus: $status,
  recordedOn: $on) { outcome { id } errors { code field message } } }"""
CASE_NOTE = """mutation($id: ID!, $text: String!) { caseNoteCreate(enrollmentId: $id,
  text: $text) { caseNote { id } errors { code field message } } }"""
SWEEP = """mutation($kind: SweepKind!, $on: Date!) { sweepRun(kind: $kind, asOf: $on,
  dryRun: false) { result { changed { id } } errors { code field message } } }"""
