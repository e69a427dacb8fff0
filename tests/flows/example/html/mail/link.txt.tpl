Bonjour {{DISPLAY_NAME}},

Ouvrez ce lien pour débloquer votre compte : {{LINK}}

{{ORGANISATION}}
