import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
    {
        ignores: [
            "**/node_modules/",
            "**/dist/",
            "bin/",
            "docs/",
            ".lab/",
            ".toolchain/",
            "**/venv/",
            "**/sdks/",
            "lab/kuscia-sim/rootfs-*/",
        ],
    },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        rules: {
            // Comments too: a line over 120 characters, strings and URLs aside, is one to break.
            "max-len": [
                "error",
                {
                    code: 120,
                    ignoreStrings: true,
                    ignoreTemplateLiterals: true,
                    ignoreRegExpLiterals: true,
                    ignoreUrls: true,
                },
            ],
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
        },
    },
    {
        // Tests and scripts read untyped JSON (stack exports, kubectl output) and Pulumi's mock inputs.
        files: ["test/**", "scripts/**", "lab/**"],
        rules: { "@typescript-eslint/no-explicit-any": "off" },
    },
);
