#!/usr/bin/env bash
# Regenerates openapi/creditledger.json from the code (the document the service serves at /swagger/v1/swagger.json).
# The test suite fails while the committed document and the served one differ, so run this after changing the API.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build tests/CreditLedger.Api.Tests -c Debug --nologo -v quiet
CREDITLEDGER_WRITE_OPENAPI=1 dotnet test tests/CreditLedger.Api.Tests -c Debug --no-build --nologo \
  --filter "FullyQualifiedName~OpenApiDocumentTests.The_committed_document_is_the_one_the_service_serves"
echo "openapi/creditledger.json: $(wc -c < openapi/creditledger.json) bytes"
