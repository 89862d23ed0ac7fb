package io.relais.fhir;

import io.relais.common.problem.Problem;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.StringType;

/**
 * The FHIR form of a Relais problem document: same status, same words, one issue per offending
 * parameter. What a FHIR client shows its user is {@code diagnostics}, so it carries the
 * problem's detail — which always says what to do next.
 */
public final class OperationOutcomes {

    private OperationOutcomes() {
    }

    public static OperationOutcome of(Problem problem) {
        OperationOutcome outcome = new OperationOutcome();
        IssueType code = codeFor(problem.status());
        if (problem.errors() == null || problem.errors().isEmpty()) {
            outcome.addIssue(issue(problem.status(), code, problem.title(), problem.detail(), null));
        } else {
            for (Problem.FieldError error : problem.errors()) {
                outcome.addIssue(issue(problem.status(), code, problem.title(),
                        error.field() + ": " + error.message(), error.field()));
            }
        }
        if (problem.requestId() != null) {
            // Quoted when reporting the problem, as with the native API.
            outcome.getIssueFirstRep().getDetails().addCoding()
                    .setSystem("urn:relais:request-id").setCode(problem.requestId());
        }
        return outcome;
    }

    /** An outcome for a refusal that never became a problem document (format negotiation). */
    public static OperationOutcome of(int status, String title, String detail) {
        return new OperationOutcome().addIssue(issue(status, codeFor(status), title, detail, null));
    }

    private static OperationOutcome.OperationOutcomeIssueComponent issue(int status, IssueType code, String title,
                                                                        String diagnostics, String expression) {
        OperationOutcome.OperationOutcomeIssueComponent issue = new OperationOutcome.OperationOutcomeIssueComponent()
                .setSeverity(status >= 500 ? IssueSeverity.FATAL : IssueSeverity.ERROR)
                .setCode(code)
                .setDetails(new CodeableConcept().setText(title))
                .setDiagnostics(diagnostics);
        if (expression != null) {
            issue.getExpression().add(new StringType(expression));
        }
        return issue;
    }

    /** The closest issue type (http://hl7.org/fhir/issue-type) to an HTTP status. */
    static IssueType codeFor(int status) {
        return switch (status) {
            case 400, 422 -> IssueType.INVALID;
            case 401 -> IssueType.LOGIN;
            case 403 -> IssueType.FORBIDDEN;
            case 404 -> IssueType.NOTFOUND;
            case 405, 406, 415 -> IssueType.NOTSUPPORTED;
            case 409, 412 -> IssueType.CONFLICT;
            case 413 -> IssueType.TOOLONG;
            case 428 -> IssueType.REQUIRED;
            case 503, 504 -> IssueType.TRANSIENT;
            default -> status >= 500 ? IssueType.EXCEPTION : IssueType.PROCESSING;
        };
    }
}
