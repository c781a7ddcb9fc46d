// Why a catalog request is refused, when a step can refuse it more than one way: a 400 naming the field
// (ValidationProblem), another problem such as a 404 (ProblemHttpResult), or a playback token that does
// not reach that far (403). One typed union, so that handlers declare every answer they give.
global using Refusal = Microsoft.AspNetCore.Http.HttpResults.Results<
    Microsoft.AspNetCore.Http.HttpResults.ValidationProblem,
    Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult,
    Microsoft.AspNetCore.Http.HttpResults.ForbidHttpResult>;
