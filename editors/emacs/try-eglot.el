;;; try-eglot.el --- try the README's eglot setup against a draftlint binary -*- lexical-binding: t -*-
;;
;; emacs --batch -q -l try-eglot.el DRAFTLINT_BIN PROJECT_DIR DRAFT EXPECTED
;;
;; Opens DRAFT (in PROJECT_DIR) with the README's eglot configuration, waits
;; for the server's diagnostics in Flymake, runs `draftlint-fix-all', saves,
;; and compares the file with EXPECTED.  Exits 0 when they match.

(require 'package)
(package-initialize)
(require 'eglot)
(require 'cl-lib)

(let* ((args command-line-args-left)
       (bin (nth 0 args))
       (project (file-name-as-directory (expand-file-name (nth 1 args))))
       (draft (expand-file-name (nth 2 args)))
       (expected (expand-file-name (nth 3 args))))
  (setq command-line-args-left nil)

  ;; --- the README's configuration, with the binary's path ---
  (add-to-list 'eglot-server-programs
               `((markdown-mode text-mode) . (,bin "lsp")))
  (defun draftlint-fix-all ()
    "Apply every safe draftlint fix in the buffer."
    (interactive)
    (eglot-code-actions (point-min) (point-max) "source.fixAll.draftlint" t))
  ;; ---

  (setq eglot-sync-connect 10)
  (setq flymake-no-changes-timeout nil)
  (let ((default-directory project))
    (find-file draft)
    (text-mode)
    (eglot-ensure)
    ;; eglot-ensure connects from post-command-hook; run it now.
    (run-hooks 'post-command-hook)
    (let ((deadline (+ (float-time) 20)))
      (while (and (< (float-time) deadline) (not (eglot-current-server)))
        (accept-process-output nil 0.1))
      (unless (eglot-current-server) (message "no server") (kill-emacs 2))
      ;; Flymake asks eglot for diagnostics on its own timers, which batch
      ;; mode does not run: ask it directly.
      ;; Wait for the fixture pack's own findings (the server may first
      ;; publish the built-in pack's, before the workspace pack loads).
      (while (and (< (float-time) deadline)
                  (< (cl-count-if (lambda (d) (string-match-p "The ship is HMS Argyll"
                                                              (flymake-diagnostic-text d)))
                                  (flymake-diagnostics))
                     2))
        (flymake-start)
        (accept-process-output nil 0.2)))
    (message "diagnostics: %S"
             (mapcar (lambda (d) (list (flymake-diagnostic-beg d) (flymake-diagnostic-text d)))
                     (flymake-diagnostics)))
    (when (< (length (flymake-diagnostics)) 3) (message "too few diagnostics") (kill-emacs 3))
    (draftlint-fix-all)
    (save-buffer)
    (let ((got (with-temp-buffer (insert-file-contents draft) (buffer-string)))
          (want (with-temp-buffer (insert-file-contents expected) (buffer-string))))
      (if (equal got want)
          (progn (message "eglot: file matches %s" expected) (kill-emacs 0))
        (message "eglot: file differs:\n%s" got)
        (kill-emacs 1)))))
