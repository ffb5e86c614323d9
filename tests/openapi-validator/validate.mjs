// Validates an OpenAPI document with @apidevtools/swagger-parser; exit code 0 when valid.
import SwaggerParser from '@apidevtools/swagger-parser';

try {
  const api = await SwaggerParser.validate(process.argv[2]);
  console.log(`valid OpenAPI ${api.openapi ?? api.swagger}: ${Object.keys(api.paths).length} paths`);
} catch (error) {
  console.error(`invalid: ${error.message}`);
  process.exit(1);
}
